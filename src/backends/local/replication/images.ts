// Mirrored images as the rbd-mirror daemon sees them, and the image life cycle it owns on the
// local backend: the non-primary copy (image create's row and checks), its deletion, and what
// follows the primary at each mirror snapshot (user snapshots, image-meta).
import { Errno, RbdError } from '../../../errors.js';
import type { MirroredImage, UserSnap } from '../../replication.js';
import { FEATURES } from '../../types.js';
import type { LocalCore } from '../core.js';
import { allocateSnapId } from '../image-data.js';
import { insertImage } from '../image-rows.js';
import { trashIfCloned } from '../clones.js';
import { setAppliedPosition } from '../journal.js';
import { enableNonPrimaryMirroring, getMirrorRecord, promotionOf } from '../mirror-records.js';

interface Row { id: string; name: string; size: number; order_bits: number; features: number; data_pool: string | null; global_id: string }

const SELECT = `SELECT i.id, i.name, i.size, i.order_bits, i.features, i.data_pool, m.global_id
  FROM images i JOIN mirror_images m ON m.image_id = i.id`;
const STATES = ['disabling', 'enabled', 'disabled', 'creating'] as const;

function toImage(core: LocalCore, r: Row): MirroredImage | undefined {
  const record = getMirrorRecord(core, r.id);
  if (!record) return undefined;
  return {
    imageId: r.id, name: r.name, size: r.size, order: r.order_bits, features: r.features, dataPool: r.data_pool,
    globalId: r.global_id, mode: record.mode, state: STATES[record.state] ?? 'disabled', promotion: promotionOf(core, record),
    resyncRequested: record.resyncRequested,
  };
}

/** Every image with a mirror record (any state) in the pool/namespace, by name. */
export function mirroredImages(core: LocalCore, poolId: number, namespace: string): MirroredImage[] {
  const rows = core.store.db.prepare(`${SELECT} WHERE i.pool_id = ? AND i.namespace = ? ORDER BY i.name`).all(poolId, namespace) as Row[];
  return rows.map((r) => toImage(core, r)).filter((x): x is MirroredImage => x !== undefined);
}

export function mirroredImage(core: LocalCore, poolId: number, namespace: string, globalId: string): MirroredImage | undefined {
  const row = core.store.db.prepare(`${SELECT} WHERE i.pool_id = ? AND i.namespace = ? AND m.global_id = ?`)
    .get(poolId, namespace, globalId) as Row | undefined;
  return row && toImage(core, row);
}

export function imageNameTaken(core: LocalCore, poolId: number, namespace: string, name: string): boolean {
  return !!core.store.db.prepare('SELECT 1 FROM images WHERE pool_id = ? AND namespace = ? AND name = ?').get(poolId, namespace, name);
}

/** Bootstrap's CreateLocalImageRequest: image create's row with the primary's name, size, object
 *  size and features (data-pool by the local choice, non-primary in snapshot mode), then the
 *  non-primary mirror record with the primary's global id, in one transaction. */
export function createNonPrimaryImage(core: LocalCore, poolId: number, namespace: string, source: MirroredImage,
  dataPool: string | undefined): string {
  return core.store.tx(() => {
    let features = source.features & ~FEATURES['data-pool'];
    if (dataPool) features |= FEATURES['data-pool'];
    if (source.mode === 'snapshot') features |= FEATURES['non-primary'];
    const id = insertImage(core.store, { poolId, namespace, name: source.name, size: source.size, order: source.order, features, dataPool });
    enableNonPrimaryMirroring(core, id, source.globalId, source.mode);
    return id;
  });
}

/** ImageDeleter: the copy with everything it owns (snapshots, blocks, journal, record cascade). */
export function deleteImage(core: LocalCore, imageId: string): void {
  core.store.tx(() => {
    core.store.db.prepare('DELETE FROM images WHERE id = ?').run(imageId);
    setAppliedPosition(core.store.db, imageId, undefined);
  });
}

export function userSnapshots(core: LocalCore, imageId: string): UserSnap[] {
  const rows = core.store.db.prepare(`SELECT snap_id, name, size, protected FROM snapshots
    WHERE image_id = ? AND namespace_type = 'user' ORDER BY snap_id`).all(imageId) as { snap_id: number; name: string; size: number; protected: number }[];
  return rows.map((r) => ({ snapId: r.snap_id, name: r.name, size: r.size, protected: r.protected === 1 }));
}

/** SnapshotCreateRequest of the deep copy: a user snapshot of the copy's head; a stale local one
 *  of the same name goes first. */
export function createUserSnapshot(core: LocalCore, imageId: string, snap: Pick<UserSnap, 'name' | 'size' | 'protected'>): number {
  const { db } = core.store;
  return core.store.tx(() => {
    db.prepare("DELETE FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'").run(imageId, snap.name);
    const snapId = allocateSnapId(db, imageId);
    db.prepare("INSERT INTO snapshots (image_id, snap_id, name, size, protected, created, namespace_type) VALUES (?, ?, ?, ?, ?, ?, 'user')")
      .run(imageId, snapId, snap.name, snap.size, snap.protected ? 1 : 0, Date.now());
    return snapId;
  });
}

export function removeUserSnapshot(core: LocalCore, imageId: string, name: string): void {
  core.store.tx(() => {
    // snapl: a snapshot with clones moves to the snapshot trash, as on the primary
    const s = core.store.db.prepare("SELECT snap_id FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'").get(imageId, name) as { snap_id: number } | undefined;
    if (s && trashIfCloned(core.store.db, imageId, s.snap_id)) return;
    core.store.db.prepare("DELETE FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'").run(imageId, name);
  });
}

export function setSnapshotProtection(core: LocalCore, imageId: string, snapId: number, isProtected: boolean): void {
  core.store.tx(() => core.store.db.prepare('UPDATE snapshots SET protected = ? WHERE image_id = ? AND snap_id = ?').run(isProtected ? 1 : 0, imageId, snapId));
}

export function imageMeta(core: LocalCore, imageId: string): Record<string, string> {
  const rows = core.store.db.prepare('SELECT key, value FROM image_meta WHERE image_id = ? ORDER BY key').all(imageId) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export function replaceImageMeta(core: LocalCore, imageId: string, meta: Record<string, string>): void {
  const { db } = core.store;
  core.store.tx(() => {
    db.prepare('DELETE FROM image_meta WHERE image_id = ?').run(imageId);
    const insert = db.prepare('INSERT INTO image_meta (image_id, key, value) VALUES (?, ?, ?)');
    for (const [k, v] of Object.entries(meta)) insert.run(imageId, k, v);
  });
}

/** life: the copy takes its primary's name (in its pool/namespace): EEXIST when another image has it. */
export function renameImage(core: LocalCore, imageId: string, name: string): void {
  const { db } = core.store;
  core.store.tx(() => {
    const row = db.prepare('SELECT pool_id, namespace, name FROM images WHERE id = ?').get(imageId) as { pool_id: number; namespace: string; name: string } | undefined;
    if (!row || row.name === name) return;
    if (imageNameTaken(core, row.pool_id, row.namespace, name)) throw new RbdError(Errno.EEXIST, `an image named ${name} already exists`);
    db.prepare('UPDATE images SET name = ? WHERE id = ?').run(name, imageId);
  });
}
