// snapl: the snapshot life cycle and layering on the local store, with librbd's rules: snap
// rename, protect/unprotect, clone (format 1 needs a protected snapshot, format 2 does not),
// flatten, children, parent; a removed snapshot that still has children moves to the snapshot
// trash (cls_rbd's TrashSnapshotNamespace) under a uuid name. Each mutation is one transaction.
import { randomUUID } from 'node:crypto';
import type { CloneApi } from '../backend.js';
import { Errno, RbdError } from '../../errors.js';
import { librbdError } from '../../rules/librbd-failures.js';
import { toMask, validateCreateFeatures, IMPLICIT, hasFeature } from '../../rules/features.js';
import { FEATURES, type ChildImage, type ImageRef, type ParentInfo } from '../types.js';
import type { LocalCore } from './core.js';
import { parentLink } from './clone-data.js';
import { flattenClone } from './image-data.js';
import { assertWritable, imageRowById } from './image-data.js';
import { insertImage } from './image-rows.js';
import { appendJournalEntry, type JournalEventType } from './journal.js';
import { modeOf } from './mirror-pool.js';
import { enableImageMirroring, getMirrorRecord } from './mirror-records.js';
import type { Db } from './sqlite.js';
import type { LocalStore } from './store.js';

interface Img { id: string; pool_id: number; namespace: string; name: string; size: number; order_bits: number; features: number }
interface Snap { snap_id: number; name: string; size: number; protected: number; namespace_type: string; original_name: string | null }

function findImage(store: LocalStore, ref: ImageRef): Img {
  const row = store.db.prepare('SELECT * FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(store.poolRefId(ref), ref.namespace, ref.image) as Img | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `image ${ref.image} does not exist`);
  return row;
}

function userSnap(db: Db, imageId: string, name: string): Snap {
  const s = db.prepare("SELECT * FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'").get(imageId, name) as Snap | undefined;
  if (!s) throw new RbdError(Errno.ENOENT, 'No such snapshot found.');
  return s;
}

function childCount(db: Db, imageId: string, snapId: number): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM image_parents WHERE parent_image_id = ? AND parent_snap_id = ?').get(imageId, snapId) as { n: number }).n;
}

/** A journaled op on a journaling image: its event, replayed by the peer as the same op. */
function journalOp(db: Db, img: Img, type: JournalEventType, data: Record<string, unknown>): void {
  if (img.features & FEATURES.journaling) appendJournalEntry(db, img.id, { type, offset: 0, length: 0, data: Buffer.from(JSON.stringify(data), 'utf8') });
}

/** Snapshot removal with children (v2 clones): the snapshot moves to the trash namespace under a
 *  uuid name, freeing its name. True when it was trashed (and so must not be deleted). */
export function trashIfCloned(db: Db, imageId: string, snapId: number): boolean {
  if (childCount(db, imageId, snapId) === 0) return false;
  db.prepare("UPDATE snapshots SET namespace_type = 'trash', original_name = name, name = ?, protected = 0 WHERE image_id = ? AND snap_id = ?")
    .run(randomUUID(), imageId, snapId);
  return true;
}

/** The snapshot rename itself (also the daemon's, on a non-primary). */
export function renameSnapshot(db: Db, imageId: string, from: string, to: string): void {
  const s = userSnap(db, imageId, from);
  if (db.prepare('SELECT 1 FROM snapshots WHERE image_id = ? AND name = ?').get(imageId, to)) throw new RbdError(Errno.EEXIST, `snapshot ${to} already exists`);
  db.prepare('UPDATE snapshots SET name = ? WHERE image_id = ? AND snap_id = ?').run(to, imageId, s.snap_id);
}

/** Attaches a new image to its parent snapshot (clone's child link). */
export function linkParent(db: Db, childId: string, parentId: string, snapId: number, overlap: number, format: 1 | 2): void {
  db.prepare('INSERT OR REPLACE INTO image_parents (image_id, parent_image_id, parent_snap_id, overlap, clone_format) VALUES (?, ?, ?, ?, ?)')
    .run(childId, parentId, snapId, overlap, format);
}

/** The clone format `auto` resolves to: a local cluster behaves as one that requires mimic or
 *  newer clients, where librbd picks format 2. */
export function resolveCloneFormat(format: 1 | 2 | 'auto'): 1 | 2 {
  return format === 'auto' ? 2 : format;
}

export function parentInfo(core: LocalCore, imageId: string): ParentInfo | undefined {
  const { db } = core.store;
  const link = parentLink(db, imageId);
  if (!link) return undefined;
  const p = db.prepare('SELECT i.id, i.name, i.namespace, pl.name AS pool FROM images i JOIN pools pl ON pl.id = i.pool_id WHERE i.id = ?')
    .get(link.parentImageId) as { id: string; name: string; namespace: string; pool: string } | undefined;
  const s = db.prepare('SELECT name, namespace_type FROM snapshots WHERE image_id = ? AND snap_id = ?').get(link.parentImageId, link.parentSnapId) as
    { name: string; namespace_type: string } | undefined;
  if (!p || !s) return undefined;
  return {
    pool: p.pool, namespace: p.namespace, image: p.name, id: p.id, snapshot: s.name,
    snapNamespace: s.namespace_type === 'trash' ? 'trash' : 'user', trash: false, overlap: link.overlap,
  };
}

/** librbd's op features of a clone (clone-child, format 2) and a format 2 parent (clone-parent). */
export function cloneOpFeatures(db: Db, imageId: string): string[] {
  const out: string[] = [];
  if (db.prepare('SELECT 1 FROM image_parents WHERE parent_image_id = ? AND clone_format = 2').get(imageId)) out.push('clone-parent');
  if (parentLink(db, imageId)?.format === 2) out.push('clone-child');
  if (db.prepare("SELECT 1 FROM snapshots WHERE image_id = ? AND namespace_type = 'trash'").get(imageId)) out.push('snap-trash');
  return out;
}

export function cloneApi(core: LocalCore): CloneApi {
  return {
    renameSnap: async (ref, from, to) => {
      const { store } = core;
      store.tx(() => {
        const img = findImage(store, ref);
        userSnap(store.db, img.id, from);
        assertWritable(store.db, img.id);
        renameSnapshot(store.db, img.id, from, to);
        journalOp(store.db, img, 'snap_rename', { from, to });
      });
    },

    setSnapProtection: async (ref, name, protect) => {
      const { store } = core;
      store.tx(() => {
        const img = findImage(store, ref);
        const s = userSnap(store.db, img.id, name);
        if (protect && s.protected) throw new RbdError(Errno.EBUSY, 'snap is already protected');
        if (!protect && !s.protected) throw new RbdError(Errno.EINVAL, 'snap is already unprotected');
        assertWritable(store.db, img.id);
        if (!protect && childCount(store.db, img.id, s.snap_id) > 0) throw new RbdError(Errno.EBUSY, 'Device or resource busy');
        store.db.prepare('UPDATE snapshots SET protected = ? WHERE image_id = ? AND snap_id = ?').run(protect ? 1 : 0, img.id, s.snap_id);
        journalOp(store.db, img, protect ? 'snap_protect' : 'snap_unprotect', { name });
      });
    },

    cloneImage: async (parentRef, snapName, childRef, opts) => {
      const { store } = core;
      store.tx(() => {
        const parent = findImage(store, parentRef);
        const s = userSnap(store.db, parent.id, snapName);
        const format = resolveCloneFormat(opts.format);
        if (format === 1 && !s.protected) throw new RbdError(Errno.EINVAL, 'parent snapshot must be protected');
        const poolId = store.poolRefId(childRef);
        const features = validateCreateFeatures(toMask(opts.features) & ~IMPLICIT);
        const id = insertImage(store, { poolId, namespace: childRef.namespace, name: childRef.image, size: s.size, order: opts.order ?? parent.order_bits, features });
        linkParent(store.db, id, parent.id, s.snap_id, s.size, format);
        // pool-mode mirroring takes every journaling image, clones included
        if (modeOf(store, poolId, childRef.namespace) === 'pool' && hasFeature(features, 'journaling')) enableImageMirroring(core, id, 'journal');
      });
    },

    flattenImage: async (ref) => {
      const { store } = core;
      store.tx(() => {
        const img = findImage(store, ref);
        const link = parentLink(store.db, img.id);
        if (!link) throw new RbdError(Errno.EINVAL, 'image has no parent');
        assertWritable(store.db, img.id);
        flattenClone(store.db, imageRowById(store.db, img.id), link);
        journalOp(store.db, img, 'flatten', {});
      });
    },

    listChildren: async (ref, snapName) => {
      const { store } = core;
      const img = findImage(store, ref);
      const s = store.db.prepare("SELECT snap_id FROM snapshots WHERE image_id = ? AND (name = ? OR (namespace_type = 'trash' AND original_name = ?)) ORDER BY namespace_type = 'trash'")
        .get(img.id, snapName, snapName) as { snap_id: number } | undefined;
      if (!s) throw new RbdError(Errno.ENOENT, 'No such snapshot found.');
      return store.db.prepare(`SELECT pl.name AS pool, i.namespace, i.name AS image, i.id FROM image_parents p
        JOIN images i ON i.id = p.image_id JOIN pools pl ON pl.id = i.pool_id
        WHERE p.parent_image_id = ? AND p.parent_snap_id = ? ORDER BY pl.name, i.namespace, i.name`).all(img.id, s.snap_id)
        .map((r) => ({ ...(r as Omit<ChildImage, 'trash'>), trash: false }));
    },

    imageParent: async (ref) => parentInfo(core, findImage(core.store, ref).id),
  };
}

/** librbd's mirror image enable of a clone: its parent must be mirrored (EINVAL otherwise). */
export function assertParentMirrored(core: LocalCore, imageId: string): void {
  const link = parentLink(core.store.db, imageId);
  if (link && !getMirrorRecord(core, link.parentImageId)) throw librbdError('rbd_mirror_image_enable', Errno.EINVAL, 'parentNotMirrored');
}

/** librbd's mirror image disable of a parent: no child may still be mirrored (EBUSY). */
export function assertNoMirroredChildren(core: LocalCore, imageId: string): void {
  const children = core.store.db.prepare('SELECT image_id FROM image_parents WHERE parent_image_id = ?').all(imageId) as { image_id: string }[];
  if (children.some((c) => getMirrorRecord(core, c.image_id))) throw librbdError('rbd_mirror_image_disable', Errno.EBUSY);
}
