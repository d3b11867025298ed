// What follows the primary besides the head's data (spec 7.4): user snapshots (created and
// removed) and the image size, at each mirror snapshot in snapshot mode and as journaled
// events in journal mode; journal tags across a failover; and the statuses of a non-primary
// copy whose mirroring was force-disabled. One daemon (site-b pulls from site-a) unless a
// failover needs both. Every wait is a bounded poll.
import { expect, test } from 'vitest';
import { waitFor } from '../helpers/daemon.js';
import { twoSiteDaemons } from '../helpers/two-site-daemons.js';

const { A, B, spec, rbd, json, run, bench, sha, start, status, journalCaughtUp, snapshotCaughtUp } = twoSiteDaemons('rbdm-follow-e2e-');
const userSnaps = async (site: string[], image: string) =>
  (await json(...site, 'snap', 'ls', spec(image))).map((s: any) => ({ name: s.name, size: s.size }));
/** The secondary has completed the primary's newest mirror snapshot. */
const snapshotSynced = (image: string) => snapshotCaughtUp(A, B, image);

test('snapshot mode: user snapshots, resize and their removal follow the primary at each mirror snapshot', async () => {
  await rbd(...A, 'create', '--size', '4M', '--object-size', '1M', spec('img'));
  await bench(A, 'img', '1M');
  await rbd(...A, 'snap', 'create', spec('img@before-bootstrap'));
  await rbd(...A, 'mirror', 'image', 'enable', spec('img'), 'snapshot');
  start('site-b');
  await snapshotSynced('img');
  expect(await userSnaps(B, 'img')).toEqual([{ name: 'before-bootstrap', size: 4 << 20 }]);

  // between two mirror snapshots: write, snapshot, grow, write, snapshot, write
  await bench(A, 'img', '512K');
  await rbd(...A, 'snap', 'create', spec('img@s1'));
  await rbd(...A, 'resize', '--size', '6M', spec('img'));
  await bench(A, 'img', '1M');
  await rbd(...A, 'snap', 'create', spec('img@s2'));
  await bench(A, 'img', '256K');
  await rbd(...A, 'mirror', 'image', 'snapshot', spec('img'));
  await snapshotSynced('img');
  expect(await userSnaps(B, 'img')).toEqual([
    { name: 'before-bootstrap', size: 4 << 20 }, { name: 's1', size: 4 << 20 }, { name: 's2', size: 6 << 20 },
  ]);
  for (const s of ['img', 'img@before-bootstrap', 'img@s1', 'img@s2']) expect(await sha(B, s), s).toBe(await sha(A, s));
  expect((await json(...B, 'info', spec('img'))).size).toBe(6 << 20);

  // a removed snapshot and a shrink follow at the next mirror snapshot, not before
  await rbd(...A, 'snap', 'rm', spec('img@s1'));
  await rbd(...A, 'resize', '--size', '3M', '--allow-shrink', spec('img'));
  expect((await json(...B, 'info', spec('img'))).size).toBe(6 << 20);
  await rbd(...A, 'mirror', 'image', 'snapshot', spec('img'));
  await snapshotSynced('img');
  expect(await userSnaps(B, 'img')).toEqual([{ name: 'before-bootstrap', size: 4 << 20 }, { name: 's2', size: 6 << 20 }]);
  expect((await json(...B, 'info', spec('img'))).size).toBe(3 << 20);
  expect(await sha(B, 'img')).toBe(await sha(A, 'img'));
  expect(await sha(B, 'img@s2')).toBe(await sha(A, 'img@s2'));
  // the copy's snapshots are read-only like the rest of it
  const rm = await run(...B, 'snap', 'rm', spec('img@s2'));
  expect(rm.code).toBe(30);
});

test('journal mode: snapshot creation, removal and resize are journaled and replayed; tags advance on failover', async () => {
  await rbd(...A, 'create', '--size', '4M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jrn'));
  await bench(A, 'jrn', '512K');
  await rbd(...A, 'snap', 'create', spec('jrn@j0'));  // before mirroring: copied by the image sync
  await bench(A, 'jrn', '256K');
  await rbd(...A, 'mirror', 'image', 'enable', spec('jrn'), 'journal');
  start('site-a');
  start('site-b');
  await bench(A, 'jrn', '256K');
  expect((await journalCaughtUp(B, 'jrn')).primary_position.tag_tid).toBe(1);

  await rbd(...A, 'snap', 'create', spec('jrn@j1'));
  await rbd(...A, 'resize', '--size', '8M', spec('jrn'));
  await bench(A, 'jrn', '256K');
  await rbd(...A, 'snap', 'create', spec('jrn@j2'));
  await rbd(...A, 'snap', 'rm', spec('jrn@j1'));
  await bench(A, 'jrn', '64K');
  // (a status read right after the writes may predate them: wait on the data itself)
  await waitFor(async () => await sha(B, 'jrn') === await sha(A, 'jrn'), 30_000, 'jrn replayed');
  let d = await journalCaughtUp(B, 'jrn');
  expect([d.primary_position.tag_tid, d.non_primary_position.tag_tid]).toEqual([1, 1]);
  expect(await userSnaps(B, 'jrn')).toEqual([{ name: 'j0', size: 4 << 20 }, { name: 'j2', size: 8 << 20 }]);
  for (const s of ['jrn@j0', 'jrn@j2']) expect(await sha(B, s), s).toBe(await sha(A, s));

  // demotion (tag 2) replayed, promotion on site-b allocates tag 3; site-a replays it
  await rbd(...A, 'mirror', 'image', 'demote', spec('jrn'));
  await waitFor(async () => (await status(B, 'jrn')).state === 'up+stopped', 20_000, 'demotion replayed');
  await rbd(...B, 'mirror', 'image', 'promote', spec('jrn'));
  await bench(B, 'jrn', '64K');
  await waitFor(async () => await sha(A, 'jrn') === await sha(B, 'jrn'), 30_000, 'jrn replayed on site-a');
  d = await waitFor(async () => {
    const r = await journalCaughtUp(A, 'jrn');
    return r.non_primary_position.tag_tid !== undefined ? r : undefined;
  }, 10_000, 'a position in the new tag');
  expect([d.primary_position.tag_tid, d.non_primary_position.tag_tid]).toEqual([3, 3]);
});

test('a copy whose mirroring was force-disabled: not enabled here, split-brain detected from the primary', async () => {
  await rbd(...A, 'create', '--size', '4M', spec('img'));
  await rbd(...A, 'mirror', 'image', 'enable', spec('img'), 'snapshot');
  start('site-b');
  await waitFor(async () => (await status(B, 'img')).state === 'up+replaying', 20_000, 'replaying');
  const refused = await run(...B, 'mirror', 'image', 'disable', spec('img'));
  expect(refused.code).toBe(22);
  await rbd(...B, 'mirror', 'image', 'disable', '--force', spec('img'));
  const peer = await waitFor(async () => {
    const p = (await status(A, 'img')).peer_sites?.[0];
    return p?.state === 'up+error' ? p : undefined;
  }, 20_000, 'split-brain seen from site-a');
  expect(peer.description).toBe('split-brain detected');
  const local = await run(...B, 'mirror', 'image', 'status', spec('img'));
  expect([local.code, local.stderr]).toEqual([22, 'rbd: mirroring not enabled on the image\n']);
  expect((await json(...B, 'ls', '-l', 'image-pool')).map((i: any) => i.image)).toEqual(['img']);
});
