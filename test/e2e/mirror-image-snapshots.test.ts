// Mirror snapshots: `mirror image snapshot`, the snapshot limit and pruning, seen through `snap ls --all`.
import { beforeAll, describe, expect, test } from 'vitest';
import { createPool, ok, okJson, rbdIn, tempHome } from '../helpers/rbd.js';

const home = tempHome('rbdm-b2-snap-');
const site = (...args: string[]) => ['--cluster', 'site-a', ...args];
const rbd = (...args: string[]) => rbdIn(home, site(...args));
let peer = '';

interface SnapJson { id: number; name: string; namespace: { type: string; state: string; mirror_peer_uuids: string[]; complete: boolean } }
const mirrorSnaps = async (spec: string): Promise<SnapJson[]> =>
  (await okJson<SnapJson[]>(home, site('snap', 'ls', '--all', spec))).filter((s) => s.namespace.type === 'mirror');

beforeAll(async () => {
  await createPool(home, 'site-a', 'image-pool');
  for (const args of [
    ['mirror', 'pool', 'enable', 'image-pool', 'image'],
    ['create', '--size', '64M', 'image-pool/image-2'],
    ['create', '--size', '64M', 'image-pool/image-3'],
    ['create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1'],
  ]) await ok(home, site(...args));
  await ok(home, site('mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot'));
  peer = (await ok(home, site('mirror', 'pool', 'peer', 'add', 'image-pool', 'client.rbd-mirror-peer@site-b'))).trim();
});

describe('mirror image snapshot', () => {
  test('the enable snapshot has no peers (none existed); a new one is linked to the tx peer', async () => {
    const before = await mirrorSnaps('image-pool/image-2');
    expect(before).toHaveLength(1);
    const gid = (await okJson(home, site('info', 'image-pool/image-2'))).mirroring.global_id;
    expect(before[0]!.name).toMatch(new RegExp(`^\\.mirror\\.primary\\.${gid}\\.[0-9a-f-]{36}$`));
    expect(before[0]!.namespace).toEqual({ type: 'mirror', state: 'primary', mirror_peer_uuids: [], complete: true });
    const r = await rbd('mirror', 'image', 'snapshot', 'image-pool/image-2');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const id = Number(/^Snapshot ID: (\d+)\n$/.exec(r.stdout)![1]);
    const after = await mirrorSnaps('image-pool/image-2');
    // the peer-less enable snapshot was pruned first
    expect(after.map((s) => [s.id, s.namespace.mirror_peer_uuids])).toEqual([[id, [peer]]]);
  });

  test('quiesce options are accepted one at a time', async () => {
    expect((await rbd('mirror', 'image', 'snapshot', '--skip-quiesce', 'image-pool/image-2')).code).toBe(0);
    expect((await rbd('mirror', 'image', 'snapshot', '--ignore-quiesce-error', 'image-pool/image-2')).code).toBe(0);
  });

  test('snapshot on a journal-mode image', async () => {
    await ok(home, site('mirror', 'image', 'enable', 'image-pool/image-1', 'journal'));
    expect(await rbd('mirror', 'image', 'snapshot', 'image-pool/image-1'))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: snapshot based mirroring not enabled on the image\n' });
  });
});

describe('rbd_mirroring_max_mirroring_snapshots', () => {
  test('default 5: above the limit the peer is unlinked from the newest older snapshot', async () => {
    await ok(home, site('mirror', 'image', 'enable', 'image-pool/image-3', 'snapshot'));
    // the enable snapshot is linked to the peer this time, so it counts as the first of 5
    const ids = (await mirrorSnaps('image-pool/image-3')).map((s) => s.id);
    expect(ids).toHaveLength(1);
    for (let i = 0; i < 6; i++) ids.push(Number((await ok(home, site('mirror', 'image', 'snapshot', 'image-pool/image-3'))).split(': ')[1]));
    const snaps = await mirrorSnaps('image-pool/image-3');
    expect(snaps.map((s) => s.id)).toEqual([...ids.slice(0, 4), ids[6]]);
    expect(snaps.every((s) => s.namespace.mirror_peer_uuids.join() === peer)).toBe(true);
  });

  test('--rbd-mirroring-max-mirroring-snapshots 3 on the command line', async () => {
    const ids = (await mirrorSnaps('image-pool/image-3')).map((s) => s.id);
    const r = await ok(home, site('mirror', 'image', 'snapshot', '--rbd-mirroring-max-mirroring-snapshots', '3', 'image-pool/image-3'));
    const newest = Number(r.split(': ')[1]);
    // 6 linked snapshots with limit 3: the 3rd, then the next ones at position 3, lose the peer
    expect((await mirrorSnaps('image-pool/image-3')).map((s) => s.id)).toEqual([ids[0], ids[1], newest]);
  });

  test('demote writes a demoted snapshot; promote starts counting again', async () => {
    await ok(home, site('mirror', 'image', 'demote', 'image-pool/image-3'));
    const demoted = (await mirrorSnaps('image-pool/image-3')).at(-1)!;
    expect(demoted.namespace).toEqual({ type: 'mirror', state: 'demoted', mirror_peer_uuids: [peer], complete: true });
    await ok(home, site('mirror', 'image', 'promote', 'image-pool/image-3'));
    expect((await mirrorSnaps('image-pool/image-3')).at(-1)!.namespace.state).toBe('primary');
  });
});
