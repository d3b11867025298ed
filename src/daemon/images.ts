// Mirrored images as the replayers see them on either side, and the local image lifecycle the
// daemon owns: creating a non-primary copy (bootstrap) and deleting it (deletion propagation,
// resync).
import { chooseDataPool } from '../domain/data-pool.js';
import { Errno, RbdError } from '../errors.js';
import type { LocalCore } from '../backends/local/core.js';
import { newImageId } from '../backends/local/images.js';
import { getMirrorRecord, IMAGE_MIRROR_MODES, MIRROR_IMAGE_STATE, promotionOf } from '../backends/local/mirror-records.js';
import type { Promotion } from '../backends/local/mirror-snapshots.js';
import { FEATURES, type ImageMirrorMode } from '../backends/types.js';

export interface MirroredImage {
  imageId: string;
  name: string;
  size: number;
  order: number;
  features: number;
  dataPool: string | null;
  globalId: string;
  mode: ImageMirrorMode;
  /** MIRROR_IMAGE_STATE value. */
  state: number;
  promotion: Promotion;
  resyncRequested: boolean;
}

interface Row { id: string; name: string; size: number; order_bits: number; features: number; data_pool: string | null; global_id: string }

const SELECT = `SELECT i.id, i.name, i.size, i.order_bits, i.features, i.data_pool, m.global_id
  FROM images i JOIN mirror_images m ON m.image_id = i.id`;

function toImage(core: LocalCore, r: Row): MirroredImage | undefined {
  const record = getMirrorRecord(core, r.id);
  if (!record) return undefined;
  return {
    imageId: r.id, name: r.name, size: r.size, order: r.order_bits, features: r.features, dataPool: r.data_pool,
    globalId: r.global_id, mode: record.mode, state: record.state, promotion: promotionOf(core, record),
    resyncRequested: record.resyncRequested,
  };
}

/** Every image with a mirror record (any state) in the pool/namespace. */
export function listMirrored(core: LocalCore, poolId: number, namespace: string): MirroredImage[] {
  const rows = core.store.db.prepare(`${SELECT} WHERE i.pool_id = ? AND i.namespace = ? ORDER BY i.name`).all(poolId, namespace) as Row[];
  return rows.map((r) => toImage(core, r)).filter((x): x is MirroredImage => x !== undefined);
}

export function findByGlobalId(core: LocalCore, poolId: number, namespace: string, globalId: string): MirroredImage | undefined {
  const row = core.store.db.prepare(`${SELECT} WHERE i.pool_id = ? AND i.namespace = ? AND m.global_id = ?`)
    .get(poolId, namespace, globalId) as Row | undefined;
  return row && toImage(core, row);
}

/** The data pool of the copy, by the seed's three rules (domain/data-pool.ts). */
export function localDataPool(core: LocalCore, remote: MirroredImage, localPool: string): string | undefined {
  const pools = (core.store.db.prepare('SELECT name FROM pools').all() as { name: string }[]).map((p) => p.name);
  const chosen = chooseDataPool({
    localDefaultDataPool: core.config('rbd_default_data_pool'),
    sourceDataPool: remote.dataPool ?? undefined,
    localPools: pools,
  });
  return chosen && chosen !== localPool && pools.includes(chosen) ? chosen : undefined;
}

/** Bootstrap's CreateLocalImageRequest: the non-primary copy with the remote's name, size,
 *  object size, features and global id (record written `creating`, then `enabled`). Call
 *  inside a local tx.
 *  EEXIST when another image already has the name. */
export function createNonPrimaryImage(core: LocalCore, poolId: number, namespace: string, remote: MirroredImage,
  dataPool: string | undefined): string {
  const { db } = core.store;
  const clash = db.prepare('SELECT id FROM images WHERE pool_id = ? AND namespace = ? AND name = ?').get(poolId, namespace, remote.name);
  if (clash) throw new RbdError(Errno.EEXIST, `image ${remote.name} already exists locally and is not the mirror of ${remote.globalId}`);
  const id = newImageId(core.store);
  const now = Date.now();
  let features = remote.features & ~FEATURES['data-pool'];
  if (dataPool) features |= FEATURES['data-pool'];
  if (remote.mode === 'snapshot') features |= FEATURES['non-primary'];
  db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, data_pool, created, modified, accessed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, poolId, namespace, remote.name, remote.size, remote.order, features, dataPool ?? null, now, now, now);
  db.prepare(`INSERT INTO mirror_images (image_id, global_id, mode, state, promotion, resync_requested) VALUES (?, ?, ?, ?, 'non-primary', 0)`)
    .run(id, remote.globalId, IMAGE_MIRROR_MODES.indexOf(remote.mode), MIRROR_IMAGE_STATE.creating);
  // The image exists now: the record is enabled (and `mirror image status` works) while the
  // sync runs; its progress lives in the sync markers (journal client data, the incomplete
  // non-primary snapshot). One transaction, so no crash leaves a `creating` record behind.
  db.prepare('UPDATE mirror_images SET state = ? WHERE image_id = ?').run(MIRROR_IMAGE_STATE.enabled, id);
  return id;
}

export function setRecordState(core: LocalCore, imageId: string, state: number): void {
  core.store.db.prepare('UPDATE mirror_images SET state = ? WHERE image_id = ?').run(state, imageId);
}

/** ImageDeleter: removes the local non-primary copy with everything it owns (snapshots, blocks,
 *  journal, record: ON DELETE CASCADE). Call inside a local tx. */
export function deleteLocalImage(core: LocalCore, imageId: string): void {
  core.store.db.prepare('DELETE FROM images WHERE id = ?').run(imageId);
}
