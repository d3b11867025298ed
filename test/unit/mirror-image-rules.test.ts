// librbd's per-image mirroring rules on the local backend, driven at the backend level on a
// temp cluster (rows for images, peers and pool modes are written directly).
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { LocalCore } from '../../src/backends/local/core.js';
import { mirrorImageApi } from '../../src/backends/local/mirror-image.js';
import { disableImageMirroring, enableImageMirroring, getMirrorRecord } from '../../src/backends/local/mirror-records.js';
import {
  createNonPrimaryMirrorSnapshot, imageDataHooks, listMirrorSnapshots, markMirrorSnapshotComplete, unlinkPeerFromSnapshot,
} from '../../src/backends/local/mirror-snapshots.js';
import { FEATURES, type ImageRef } from '../../src/backends/types.js';
import { Errno, RbdError } from '../../src/errors.js';
import { tempHome } from '../helpers/rbd.js';

function cluster(configOverrides: Record<string, string> = {}) {
  const core = new LocalCore({ cluster: 'site-a', configOverrides }, { RBDM_HOME: tempHome('rbdm-b2-') });
  const { db } = core.createStore();
  db.prepare("INSERT INTO pools (name, application, created) VALUES ('image-pool', 'rbd', 0)").run();
  const poolId = (db.prepare("SELECT id FROM pools WHERE name = 'image-pool'").get() as { id: number }).id;
  db.prepare("INSERT INTO mirror_config (pool_id, namespace, mode, mirror_uuid) VALUES (?, '', 1, ?)").run(poolId, randomUUID());
  const api = mirrorImageApi(core);
  return {
    core, db, api,
    setPoolMode: (mode: number) => db.prepare("UPDATE mirror_config SET mode = ? WHERE pool_id = ? AND namespace = ''").run(mode, poolId),
    addPeer: (direction = 2): string => {
      const uuid = randomUUID();
      db.prepare("INSERT INTO peers (uuid, pool_id, direction, site_name, client_name, seq) VALUES (?, ?, ?, 'site-b', 'client.rbd-mirror-peer', (SELECT COUNT(*) FROM peers))")
        .run(uuid, poolId, direction);
      return uuid;
    },
    addImage: (name: string, features = FEATURES.layering | FEATURES['exclusive-lock']): { ref: ImageRef; id: string } => {
      const id = randomUUID().replace(/-/g, '').slice(0, 12);
      db.prepare('INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed) VALUES (?, ?, \'\', ?, ?, 22, ?, 0, 0, 0)')
        .run(id, poolId, name, 64 << 20, features);
      return { ref: { pool: 'image-pool', namespace: '', image: name }, id };
    },
    features: (id: string) => (db.prepare('SELECT features FROM images WHERE id = ?').get(id) as { features: number }).features,
    digest: () => JSON.stringify(['images', 'snapshots', 'mirror_images', 'image_meta'].map((t) => db.prepare(`SELECT * FROM ${t}`).all())),
  };
}

async function rejects(p: Promise<unknown>, errno: number, message: string): Promise<void> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(RbdError);
  expect({ errno: (e as RbdError).errno, message: (e as RbdError).message }).toEqual({ errno, message });
}

describe('mirror image enable/disable', () => {
  test('journal mode turns on exclusive-lock and journaling; same mode again is a no-op', async () => {
    const c = cluster();
    const img = c.addImage('image-3', FEATURES.layering);
    await c.api.mirrorImageEnable(img.ref, 'journal');
    expect(c.features(img.id)).toBe(FEATURES.layering | FEATURES['exclusive-lock'] | FEATURES.journaling);
    const info = await c.api.mirrorImageGetInfo(img.ref);
    expect(info).toMatchObject({ state: 'enabled', mode: 'journal', primary: true, promotionState: 'primary' });
    expect(info.globalId).toMatch(/^[0-9a-f-]{36}$/);
    await c.api.mirrorImageEnable(img.ref, 'journal');
    expect((await c.api.mirrorImageGetInfo(img.ref)).globalId).toBe(info.globalId);
  });

  test('snapshot mode creates the first primary snapshot, linked to every non-rx-only peer', async () => {
    const c = cluster();
    const tx = c.addPeer(2);
    c.addPeer(0);
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    const gid = getMirrorRecord(c.core, img.id)!.globalId;
    const snaps = listMirrorSnapshots(c.core, img.id);
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ snapId: 1, state: 'primary', peerUuids: [tx], complete: true });
    expect(snaps[0]!.name).toMatch(new RegExp(`^\\.mirror\\.primary\\.${gid}\\.[0-9a-f-]{36}$`));
    expect(c.features(img.id) & FEATURES.journaling).toBe(0);
  });

  test('snapshot mode without peers is allowed (empty peer list)', async () => {
    const c = cluster();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    expect(listMirrorSnapshots(c.core, img.id)[0]!.peerUuids).toEqual([]);
  });

  test('refusals change nothing', async () => {
    const c = cluster();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    const before = c.digest();
    await rejects(c.api.mirrorImageEnable(img.ref, 'journal'), Errno.EINVAL, 'invalid current image mirror mode');
    c.setPoolMode(2);
    await rejects(c.api.mirrorImageEnable(img.ref, 'snapshot'), Errno.EINVAL, 'cannot enable mirroring: pool is not in image mirror mode');
    await rejects(c.api.mirrorImageDisable(img.ref, false), Errno.EINVAL, 'cannot disable mirroring in the current pool mirroring mode');
    c.setPoolMode(0);
    await rejects(c.api.mirrorImageEnable(img.ref, 'journal'), Errno.EINVAL, 'cannot enable mirroring: mirroring is not enabled on a pool');
    await rejects(c.api.mirrorImageEnable({ ...img.ref, image: 'nope' }, 'journal'), Errno.ENOENT,
      'error opening image nope: (2) No such file or directory');
    expect(c.digest()).toBe(before);
  });

  test('disable removes the record, mirror snapshots and journaling; disabled image disables again fine', async () => {
    const c = cluster();
    const j = c.addImage('j');
    const s = c.addImage('s');
    await c.api.mirrorImageEnable(j.ref, 'journal');
    await c.api.mirrorImageEnable(s.ref, 'snapshot');
    await c.api.mirrorImageDisable(j.ref, false);
    await c.api.mirrorImageDisable(s.ref, false);
    await c.api.mirrorImageDisable(s.ref, false);
    expect(getMirrorRecord(c.core, j.id)).toBeUndefined();
    expect(c.features(j.id) & FEATURES.journaling).toBe(0);
    expect(c.features(j.id) & FEATURES['exclusive-lock']).not.toBe(0);
    expect(listMirrorSnapshots(c.core, s.id)).toEqual([]);
    expect((await c.api.mirrorImageGetInfo(s.ref)).state).toBe('disabled');
  });

  test('disable of a non-primary image needs force', async () => {
    const c = cluster();
    const img = c.addImage('image-4');
    await c.api.mirrorImageEnable(img.ref, 'journal');
    c.db.prepare("UPDATE mirror_images SET promotion = 'non-primary'").run();
    const before = c.digest();
    await rejects(c.api.mirrorImageDisable(img.ref, false), Errno.EINVAL, 'mirrored image is not primary, add force option to disable mirroring');
    expect(c.digest()).toBe(before);
    await c.api.mirrorImageDisable(img.ref, true);
    expect(getMirrorRecord(c.core, img.id)).toBeUndefined();
  });

  test('tx-level primitives: keepJournaling, idempotent enable', () => {
    const c = cluster();
    const img = c.addImage('p');
    c.core.store.tx(() => enableImageMirroring(c.core, img.id, 'journal'));
    c.core.store.tx(() => enableImageMirroring(c.core, img.id, 'journal'));
    expect(() => c.core.store.tx(() => enableImageMirroring(c.core, img.id, 'snapshot'))).toThrow('invalid current image mirror mode');
    c.core.store.tx(() => disableImageMirroring(c.core, img.id, { force: false, keepJournaling: true }));
    expect(c.features(img.id) & FEATURES.journaling).toBe(FEATURES.journaling);
  });
});

describe('promote / demote / resync', () => {
  test('journal: demote → orphan → promote without force; primary promote and demote refused', async () => {
    const c = cluster();
    const img = c.addImage('image-1');
    await c.api.mirrorImageEnable(img.ref, 'journal');
    await rejects(c.api.mirrorImagePromote(img.ref, false), Errno.EINVAL, 'image is already primary');
    await rejects(c.api.mirrorImagePromote(img.ref, true), Errno.EINVAL, 'image is already primary');
    await rejects(c.api.mirrorImageResync(img.ref), Errno.EINVAL, 'image is primary, cannot resync to itself');
    await c.api.mirrorImageDemote(img.ref);
    expect(await c.api.mirrorImageGetInfo(img.ref)).toMatchObject({ primary: false, promotionState: 'orphan' });
    await rejects(c.api.mirrorImageDemote(img.ref), Errno.EINVAL, 'image is not primary');
    await c.api.mirrorImageResync(img.ref);
    await c.api.mirrorImageResync(img.ref);
    expect(getMirrorRecord(c.core, img.id)!.resyncRequested).toBe(true);
    await c.api.mirrorImagePromote(img.ref, false);
    expect(await c.api.mirrorImageGetInfo(img.ref)).toMatchObject({ primary: true, promotionState: 'primary' });
  });

  test('non-primary: promote without force is EBUSY, with force succeeds', async () => {
    const c = cluster();
    const img = c.addImage('image-1');
    await c.api.mirrorImageEnable(img.ref, 'journal');
    c.db.prepare("UPDATE mirror_images SET promotion = 'non-primary'").run();
    await rejects(c.api.mirrorImagePromote(img.ref, false), Errno.EBUSY,
      'image is primary within a remote cluster or demotion is not propagated yet');
    await c.api.mirrorImagePromote(img.ref, true);
    expect((await c.api.mirrorImageGetInfo(img.ref)).promotionState).toBe('primary');
  });

  test('snapshot: demote writes a primary-demoted snapshot, promote a new primary one', async () => {
    const c = cluster();
    const peer = c.addPeer();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    await c.api.mirrorImageDemote(img.ref);
    expect(listMirrorSnapshots(c.core, img.id).map((s) => s.state)).toEqual(['primary', 'primary-demoted']);
    expect(getMirrorRecord(c.core, img.id)!.promotion).toBe('orphan');
    await rejects(c.api.mirrorImageCreateSnapshot(img.ref), Errno.EINVAL,
      'trying to create primary snapshot without force when previous primary snapshot is demoted');
    await c.api.mirrorImagePromote(img.ref, false);
    const snaps = listMirrorSnapshots(c.core, img.id);
    expect(snaps.map((s) => [s.snapId, s.state, s.peerUuids])).toEqual([
      [1, 'primary', [peer]], [2, 'primary-demoted', [peer]], [3, 'primary', [peer]],
    ]);
    expect(getMirrorRecord(c.core, img.id)!.promotion).toBe('primary');
  });

  test('snapshot non-primary: EBUSY; forced promote writes an orphan snapshot and rolls back an unfinished copy', async () => {
    const c = cluster();
    c.addPeer();
    const img = c.addImage('image-2', FEATURES.layering | FEATURES['exclusive-lock'] | FEATURES['non-primary']);
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    const gid = getMirrorRecord(c.core, img.id)!.globalId;
    c.core.store.tx(() => {
      const done = createNonPrimaryMirrorSnapshot(c.core, img.id, { globalId: gid, primaryMirrorUuid: 'remote', primarySnapId: 7, complete: false });
      markMirrorSnapshotComplete(c.core, img.id, done, 15);
      createNonPrimaryMirrorSnapshot(c.core, img.id, { globalId: gid, primaryMirrorUuid: 'remote', primarySnapId: 9, complete: false });
    });
    expect(await c.api.mirrorImageGetInfo(img.ref)).toMatchObject({ primary: false, promotionState: 'non-primary' });
    expect(getMirrorRecord(c.core, img.id)!.promotion).toBe('non-primary');
    await rejects(c.api.mirrorImagePromote(img.ref, false), Errno.EBUSY,
      'image is primary within a remote cluster or demotion is not propagated yet');
    await rejects(c.api.mirrorImageCreateSnapshot(img.ref), Errno.EINVAL,
      'trying to create primary snapshot without force when previous snapshot is non-primary');
    const rolledBack: number[] = [];
    const original = imageDataHooks.rollbackToSnapshot;
    imageDataHooks.rollbackToSnapshot = (_core, _id, snapId) => { rolledBack.push(snapId); };
    try {
      await c.api.mirrorImagePromote(img.ref, true);
    } finally {
      imageDataHooks.rollbackToSnapshot = original;
    }
    expect(rolledBack).toEqual([2]);
    const snaps = listMirrorSnapshots(c.core, img.id);
    expect(snaps.map((s) => s.state)).toEqual(['primary', 'non-primary', 'non-primary', 'non-primary', 'primary']);
    expect(snaps[1]).toMatchObject({ complete: true, lastCopiedObjectNumber: 15, primaryMirrorUuid: 'remote', primarySnapId: 7 });
    expect(snaps[1]!.name).toMatch(/^\.mirror\.non_primary\./);
    expect(snaps[3]).toMatchObject({ primaryMirrorUuid: '', complete: true });
    expect(snaps[3]!.primarySnapId).toBeUndefined();
    expect(c.features(img.id) & FEATURES['non-primary']).toBe(0);
    expect((await c.api.mirrorImageGetInfo(img.ref)).primary).toBe(true);
  });

  test('forced promote rolls the head data back to the last complete snapshot', async () => {
    const c = cluster();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    const gid = getMirrorRecord(c.core, img.id)!.globalId;
    const block = c.db.prepare('INSERT INTO image_blocks (image_id, block_no, epoch, data) VALUES (?, ?, ?, ?)');
    const head = (n: number) => (c.db.prepare('SELECT data FROM image_blocks WHERE image_id = ? AND block_no = ? ORDER BY epoch DESC LIMIT 1')
      .get(img.id, n) as { data: Buffer | null } | undefined)?.data ?? null;
    c.core.store.tx(() => {
      block.run(img.id, 0, 1, Buffer.from('A'));
      createNonPrimaryMirrorSnapshot(c.core, img.id, { globalId: gid, primaryMirrorUuid: 'r', primarySnapId: 1, complete: true }); // 2
      createNonPrimaryMirrorSnapshot(c.core, img.id, { globalId: gid, primaryMirrorUuid: 'r', primarySnapId: 2, complete: false }); // 3
      block.run(img.id, 0, 3, Buffer.from('B'));
      block.run(img.id, 1, 3, Buffer.from('C'));
      c.db.prepare('UPDATE images SET size = ? WHERE id = ?').run(128 << 20, img.id);
    });
    await c.api.mirrorImagePromote(img.ref, true);
    expect(head(0)).toEqual(Buffer.from('A'));
    expect(head(1)).toBeNull();
    expect(c.db.prepare('SELECT size FROM images WHERE id = ?').get(img.id)).toEqual({ size: 64 << 20 });
    // the unfinished copy stays readable through the orphan snapshot (id 4): epoch < 4
    const atOrphan = c.db.prepare('SELECT data FROM image_blocks WHERE image_id = ? AND block_no = 0 AND epoch < 4 ORDER BY epoch DESC LIMIT 1').get(img.id);
    expect(atOrphan).toEqual({ data: Buffer.from('B') });
  });

  test('not enabled: promote/demote/resync are EINVAL', async () => {
    const c = cluster();
    const img = c.addImage('plain');
    await rejects(c.api.mirrorImagePromote(img.ref, false), Errno.EINVAL, 'mirroring is not currently enabled');
    await rejects(c.api.mirrorImageDemote(img.ref), Errno.EINVAL, 'mirroring is not currently enabled');
    await rejects(c.api.mirrorImageResync(img.ref), Errno.EINVAL, 'mirroring is not enabled');
    expect(await c.api.mirrorImageGetInfo(img.ref)).toEqual({ globalId: '', state: 'disabled', mode: 'journal', primary: false, promotionState: 'unknown' });
  });
});

describe('mirror image snapshot and the snapshot limit', () => {
  const ids = (c: ReturnType<typeof cluster>, id: string) => listMirrorSnapshots(c.core, id).map((s) => s.snapId);

  test('journal image and pools without tx peers are refused', async () => {
    const c = cluster();
    const j = c.addImage('j');
    await c.api.mirrorImageEnable(j.ref, 'journal');
    await rejects(c.api.mirrorImageCreateSnapshot(j.ref), Errno.EINVAL, 'snapshot based mirroring is not enabled');
    const s = c.addImage('s');
    await c.api.mirrorImageEnable(s.ref, 'snapshot');
    c.addPeer(0);
    await rejects(c.api.mirrorImageCreateSnapshot(s.ref), Errno.EINVAL, 'no mirror tx peers configured for the pool');
  });

  test('default limit 5: the peer-less enable snapshot goes first, then the one at position 5', async () => {
    const c = cluster();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    c.addPeer();
    for (let i = 0; i < 5; i++) await c.api.mirrorImageCreateSnapshot(img.ref);
    expect(ids(c, img.id)).toEqual([2, 3, 4, 5, 6]);
    expect(await c.api.mirrorImageCreateSnapshot(img.ref)).toBe(7);
    expect(ids(c, img.id)).toEqual([2, 3, 4, 5, 7]);
    await c.api.mirrorImageCreateSnapshot(img.ref);
    expect(ids(c, img.id)).toEqual([2, 3, 4, 5, 8]);
  });

  test('command-line override 3 beats image-meta, image-meta beats the cluster setting', async () => {
    const c = cluster({ rbd_mirroring_max_mirroring_snapshots: '3' });
    c.addPeer();
    const img = c.addImage('image-2');
    c.db.prepare("INSERT INTO image_meta VALUES (?, 'conf_rbd_mirroring_max_mirroring_snapshots', '4')").run(img.id);
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    for (let i = 0; i < 4; i++) await c.api.mirrorImageCreateSnapshot(img.ref);
    expect(ids(c, img.id)).toEqual([1, 2, 5]);

    const c2 = cluster();
    c2.addPeer();
    c2.db.prepare("INSERT INTO config VALUES ('rbd_mirroring_max_mirroring_snapshots', '6')").run();
    const img2 = c2.addImage('image-2');
    c2.db.prepare("INSERT INTO image_meta VALUES (?, 'conf_rbd_mirroring_max_mirroring_snapshots', '4')").run(img2.id);
    await c2.api.mirrorImageEnable(img2.ref, 'snapshot');
    for (let i = 0; i < 4; i++) await c2.api.mirrorImageCreateSnapshot(img2.ref);
    expect(ids(c2, img2.id)).toEqual([1, 2, 3, 5]);
  });

  test('the secondary unlinking its peer leaves the snapshot until the next pruning removes it', async () => {
    const c = cluster();
    const peer = c.addPeer();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    await c.api.mirrorImageCreateSnapshot(img.ref);
    c.core.store.tx(() => unlinkPeerFromSnapshot(c.core, img.id, 1, peer));
    expect(listMirrorSnapshots(c.core, img.id)[0]!.peerUuids).toEqual([]);
    await c.api.mirrorImageCreateSnapshot(img.ref);
    expect(ids(c, img.id)).toEqual([2, 3]);
  });

  test('16.2.15 (transcript section 4): the daemon\'s unlink after a sync keeps the older snapshot with no peers; only pruning and peer removal delete', async () => {
    const c = cluster();
    const peer = c.addPeer();
    const img = c.addImage('image-2');
    await c.api.mirrorImageEnable(img.ref, 'snapshot');
    await c.api.mirrorImageCreateSnapshot(img.ref);
    // what the replication daemon passes (rbd-mirror Replayer::unlink_peer, allow_remove=false)
    c.core.store.tx(() => unlinkPeerFromSnapshot(c.core, img.id, 1, peer));
    expect(listMirrorSnapshots(c.core, img.id).map((s) => [s.snapId, s.peerUuids])).toEqual([[1, []], [2, [peer]]]);
    // the next primary snapshot prunes the peerless one: `9 []`, `12 [peer]` after `4 []`, `9 [peer]`
    await c.api.mirrorImageCreateSnapshot(img.ref);
    expect(ids(c, img.id)).toEqual([2, 3]);
    // CreatePrimaryRequest / peer_site_remove (allow_remove=true) delete a snapshot left without peers
    c.core.store.tx(() => unlinkPeerFromSnapshot(c.core, img.id, 2, peer, { allowRemove: true }));
    expect(ids(c, img.id)).toEqual([3]);
  });
});
