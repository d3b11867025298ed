// snapl: what the rbd-mirror daemon needs of layering on a local cluster: a clone's parent as
// the peer must find it (pool name, the parent's global id, the snapshot's user name), the local
// copy of such a parent, and the daemon's own link/flatten/rename writes on a non-primary.
import type { CloneParentSpec, LocalParentRef } from '../../replication.js';
import { parentLink } from '../clone-data.js';
import { flattenClone } from '../image-data.js';
import { linkParent, renameSnapshot } from '../clones.js';
import type { LocalCore } from '../core.js';
import { imageRowById } from '../image-data.js';

export function cloneParent(core: LocalCore, imageId: string): CloneParentSpec | undefined {
  const { db } = core.store;
  const link = parentLink(db, imageId);
  if (!link) return undefined;
  const r = db.prepare(`SELECT pl.name AS pool, i.namespace, COALESCE(m.global_id, '') AS global_id,
      COALESCE(s.original_name, s.name) AS snap_name
    FROM images i JOIN pools pl ON pl.id = i.pool_id LEFT JOIN mirror_images m ON m.image_id = i.id
    JOIN snapshots s ON s.image_id = i.id AND s.snap_id = ? WHERE i.id = ?`).get(link.parentSnapId, link.parentImageId) as
    { pool: string; namespace: string; global_id: string; snap_name: string } | undefined;
  return r && { pool: r.pool, namespace: r.namespace, globalId: r.global_id, snapName: r.snap_name, overlap: link.overlap, format: link.format };
}

export function findCloneParent(core: LocalCore, parent: CloneParentSpec): LocalParentRef | undefined {
  if (!parent.globalId) return undefined;
  const r = core.store.db.prepare(`SELECT i.id, s.snap_id FROM images i JOIN pools pl ON pl.id = i.pool_id
    JOIN mirror_images m ON m.image_id = i.id
    JOIN snapshots s ON s.image_id = i.id AND ((s.namespace_type = 'user' AND s.name = ?) OR (s.namespace_type = 'trash' AND s.original_name = ?))
    WHERE pl.name = ? AND i.namespace = ? AND m.global_id = ? ORDER BY s.namespace_type = 'trash' LIMIT 1`)
    .get(parent.snapName, parent.snapName, parent.pool, parent.namespace, parent.globalId) as { id: string; snap_id: number } | undefined;
  return r && { imageId: r.id, snapId: r.snap_id };
}

export function linkCloneParent(core: LocalCore, imageId: string, parent: LocalParentRef, overlap: number, format: 1 | 2): void {
  core.store.tx(() => linkParent(core.store.db, imageId, parent.imageId, parent.snapId, overlap, format));
}

export function flattenImage(core: LocalCore, imageId: string): void {
  core.store.tx(() => {
    const link = parentLink(core.store.db, imageId);
    if (link) flattenClone(core.store.db, imageRowById(core.store.db, imageId), link);
  });
}

export function renameUserSnapshot(core: LocalCore, imageId: string, from: string, to: string): void {
  core.store.tx(() => renameSnapshot(core.store.db, imageId, from, to));
}

export function setUserSnapshotOrigin(core: LocalCore, imageId: string, snapId: number, primarySnapId: number): void {
  core.store.tx(() => core.store.db.prepare("UPDATE snapshots SET primary_snap_id = ? WHERE image_id = ? AND snap_id = ? AND namespace_type = 'user'")
    .run(primarySnapId, imageId, snapId));
}

export function userSnapshotOrigins(core: LocalCore, imageId: string): Map<number, number> {
  const rows = core.store.db.prepare("SELECT snap_id, primary_snap_id FROM snapshots WHERE image_id = ? AND namespace_type = 'user' AND primary_snap_id IS NOT NULL")
    .all(imageId) as { snap_id: number; primary_snap_id: number }[];
  return new Map(rows.map((r) => [r.snap_id, r.primary_snap_id]));
}
