// The image life cycle in Ceph's QA order (qa/workunits/rbd/rbd_mirror.sh), followed by the
// rbd-mirror daemon in each mirror mode: create, write, replay, rename, image-meta, trash mv
// (the non-primary copy is deleted), trash restore + mirror image enable (the copy comes back),
// with `rbd export` checksums of the head and every user snapshot equal on both sites after each
// step. Journal mode follows renames and image-meta as they are journaled; snapshot mode at the
// next mirror snapshot, not before. One daemon: site-b pulls from site-a. Every wait is a poll.
import { expect, test } from 'vitest';
import { waitFor } from '../helpers/daemon.js';
import { scaled } from '../helpers/slow.js';
import { twoSiteDaemons } from '../helpers/two-site-daemons.js';

const t = twoSiteDaemons('rbdm-life-e2e-');
const { A, B, spec, rbd, json, run, sha, start, snapshotCaughtUp } = t;
const names = async (site: string[]) => json<string[]>(...site, 'ls', 'image-pool');
const userSnaps = async (site: string[], image: string) => (await json(...site, 'snap', 'ls', spec(image))).map((s: { name: string }) => s.name);
const bench = (image: string, total: string) => t.bench(A, image, total);
const WAIT = scaled(30_000);

/** Head and every user snapshot export to the same bytes on both sites. */
async function sameOnBothSites(image: string): Promise<void> {
  const snaps = await userSnaps(A, image);
  expect(await userSnaps(B, image)).toEqual(snaps);
  for (const s of [image, ...snaps.map((n: string) => `${image}@${n}`)]) {
    expect(await sha(B, s), s).toBe(await sha(A, s));
  }
}

/** The copy on site-b has what site-a's image has now (snapshot mode: after a mirror snapshot). */
async function replayed(mode: 'journal' | 'snapshot', image: string): Promise<void> {
  if (mode === 'snapshot') {
    await rbd(...A, 'mirror', 'image', 'snapshot', spec(image));
    // (a copy not there yet fails the read: polled again)
    await snapshotCaughtUp(A, B, image, WAIT);
    return;
  }
  await waitFor(async () => {
    const s = await run(...B, 'mirror', 'image', 'status', '--format', 'json', spec(image));
    if (s.code !== 0) return false;
    const st = JSON.parse(s.stdout);
    return st.state === 'up+replaying' && JSON.parse(st.description.replace(/^replaying, /, '')).entries_behind_primary === 0;
  }, WAIT, `${image}: journal replayed`);
  // the last entries may be replayed after the position is reported: compare until equal
  await waitFor(async () => (await sha(B, image)) === (await sha(A, image)), WAIT, `${image} equal`);
}

async function lifeCycle(mode: 'journal' | 'snapshot'): Promise<void> {
  const features = mode === 'journal' ? 'layering,exclusive-lock,journaling' : 'layering,exclusive-lock';
  await rbd(...A, 'create', '--size', '4M', '--object-size', '1M', '--image-feature', features, spec('life'));
  await rbd(...A, 'mirror', 'image', 'enable', spec('life'), mode);
  start('site-b');

  // create, write, replay
  await bench('life', '1M');
  await rbd(...A, 'snap', 'create', spec('life@s1'));
  await bench('life', '512K');
  await waitFor(async () => (await names(B)).includes('life'), WAIT, 'copy created');
  await replayed(mode, 'life');
  await sameOnBothSites('life');
  // the daemon holds the copy's exclusive lock while it replays, as rbd-mirror does
  const locks = await json(...B, 'lock', 'ls', spec('life'));
  expect(locks).toHaveLength(1);
  expect(locks[0].locker).toMatch(/^client\.\d+$/);
  expect(locks[0].id).toMatch(/^auto \d+$/);
  expect(await json(...A, 'lock', 'ls', spec('life'))).toEqual([]);
  // a non-primary copy refuses what needs the exclusive lock (EROFS), and a trash move
  const refusal = await run(...B, 'rename', spec('life'), spec('other'));
  expect(refusal).toEqual({ code: 30, stdout: '', stderr: 'rbd: rename error: (30) Read-only file system\n' });
  expect((await run(...B, 'image-meta', 'set', spec('life'), 'k', 'v')).code).toBe(30);
  expect((await run(...B, 'trash', 'mv', spec('life'))).code).toBe(mode === 'journal' ? 16 : 22);

  // rename and image-meta: journal mode follows at once; snapshot mode at the next mirror snapshot
  await rbd(...A, 'rename', spec('life'), spec('renamed'));
  await rbd(...A, 'image-meta', 'set', spec('renamed'), 'owner', 'qa');
  await rbd(...A, 'image-meta', 'set', spec('renamed'), 'conf_rbd_mirroring_resync_after_disconnect', 'true');
  await bench('renamed', '256K');
  if (mode === 'snapshot') {
    // nothing to follow until a mirror snapshot is taken: the copy keeps its name for now
    expect(await names(B)).toEqual(['life']);
  }
  await replayed(mode, 'renamed');
  await waitFor(async () => (await names(B)).includes('renamed'), WAIT, 'the copy renamed');
  expect(await names(B)).toEqual(['renamed']);
  await waitFor(async () => (await json(...B, 'image-meta', 'list', spec('renamed'))).owner === 'qa', WAIT, 'image-meta copied');
  expect(await json(...B, 'image-meta', 'list', spec('renamed')))
    .toEqual({ conf_rbd_mirroring_resync_after_disconnect: 'true', owner: 'qa' });
  await sameOnBothSites('renamed');

  // image-meta removal follows too
  await rbd(...A, 'image-meta', 'remove', spec('renamed'), 'owner');
  if (mode === 'snapshot') await replayed(mode, 'renamed');
  await waitFor(async () => !('owner' in (await json(...B, 'image-meta', 'list', spec('renamed')))), WAIT, 'image-meta removal copied');

  // trash mv of the primary: its mirroring goes, and the daemon deletes the copy
  const id = (await json(...A, 'info', spec('renamed'))).id;
  await rbd(...A, 'trash', 'mv', spec('renamed'));
  await waitFor(async () => (await names(B)).length === 0, WAIT, 'copy deleted after trash mv');
  expect(await json(...B, 'trash', 'ls', '--all', 'image-pool')).toEqual([]);

  // trash restore (image mode: mirroring enabled again, as Ceph's QA does): the copy comes back
  await rbd(...A, 'trash', 'restore', `image-pool/${id}`);
  await rbd(...A, 'mirror', 'image', 'enable', spec('renamed'), mode);
  await waitFor(async () => (await names(B)).includes('renamed'), WAIT, 'copy re-created after restore');
  await replayed(mode, 'renamed');
  await sameOnBothSites('renamed');
  expect(await json(...B, 'image-meta', 'list', spec('renamed'))).toEqual({ conf_rbd_mirroring_resync_after_disconnect: 'true' });
}

test('journal mode: rename, image-meta, trash mv and restore follow the primary', () => lifeCycle('journal'), scaled(240_000));
test('snapshot mode: rename, image-meta, trash mv and restore follow at each mirror snapshot', () => lifeCycle('snapshot'), scaled(240_000));
