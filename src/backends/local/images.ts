// Images and their snapshots: the librbd/cls_rbd rules of create, remove, update_features and
// snapshot create/remove, emulated on the store. Every mutation is one transaction that checks
// everything before it writes.
import { featureUpdate, hasFeature, notPrimaryFeatureUpdate, IMPLICIT, toMask, toNames, validateCreateFeatures } from '../../rules/features.js';
import { librbdError } from '../../rules/librbd-failures.js';
import type { ImageListEntry } from '../types.js';
import { Errno, RbdError } from '../../errors.js';
import type { ImageApi } from '../backend.js';
import {
  FEATURES, SNAP_MIRROR_STATES, type ImageInfo, type ImageMirrorMode, type ImageRef, type SnapInfo, type SnapNamespace,
} from '../types.js';
import type { LocalCore } from './core.js';
import { allocateSnapId, assertWritable } from './image-data.js';
import { cloneOpFeatures, trashIfCloned } from './clones.js';
import { journalSnapEvent } from './journal.js';
import { modeOf } from './mirror-pool.js';
import { disableImageMirroring, enableImageMirroring, getMirrorRecord, mirrorInfoOf, promotionOf } from './mirror-records.js';
import type { LocalStore } from './store.js';
import { checkNewImage, insertImage } from './image-rows.js';

export { insertImage, newImageId, type NewImage } from './image-rows.js';

const JOURNALING = FEATURES.journaling;
const DATA_POOL = FEATURES['data-pool'];

interface ImageRow {
  id: string; pool_id: number; namespace: string; name: string; size: number; order_bits: number;
  features: number; data_pool: string | null; snap_seq: number; created: number; modified: number; accessed: number;
}
interface SnapRow {
  snap_id: number; name: string; size: number; protected: number; created: number; namespace_type: string;
  mirror_state: number | null; peer_uuids: string; complete: number; primary_mirror_uuid: string | null;
  primary_snap_id: number | null; last_copied_object_number: number | null; original_name?: string | null;
}

/** The image row, or librbd's ENOENT. */
function findImage(store: LocalStore, ref: ImageRef): ImageRow {
  const poolId = store.poolRefId(ref);
  const row = store.db.prepare('SELECT * FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(poolId, ref.namespace, ref.image) as ImageRow | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `image ${ref.image} does not exist`);
  return row;
}

function snapNamespace(r: SnapRow): SnapNamespace {
  if (r.namespace_type === 'trash') return { type: 'trash', originalName: r.original_name ?? '' }; // snapl
  if (r.namespace_type !== 'mirror') return { type: 'user' };
  return {
    type: 'mirror',
    state: SNAP_MIRROR_STATES[r.mirror_state ?? 0] ?? 'primary',
    mirrorPeerUuids: JSON.parse(r.peer_uuids) as string[],
    complete: r.complete === 1,
    ...(r.primary_mirror_uuid !== null ? { primaryMirrorUuid: r.primary_mirror_uuid } : {}),
    ...(r.primary_snap_id !== null ? { primarySnapId: r.primary_snap_id } : {}),
    ...(r.last_copied_object_number !== null ? { lastCopiedObjectNumber: r.last_copied_object_number } : {}),
  };
}

export function imageApi(core: LocalCore): ImageApi {
  return {
    listImages: async (ref) => {
      const { store } = core;
      const poolId = store.poolRefId(ref);
      return (store.db.prepare('SELECT name FROM images WHERE pool_id = ? AND namespace = ? ORDER BY name')
        .all(poolId, ref.namespace) as { name: string }[]).map((r) => r.name);
    },

    listImageDetails: async (ref) => {
      const { store } = core;
      const poolId = store.poolRefId(ref);
      // one query: every image with its user snapshots, in directory (name) order
      const rows = store.db.prepare(`
        SELECT i.id, i.name, i.size, s.snap_id, s.name AS snap_name, s.size AS snap_size, s.protected
        FROM images i LEFT JOIN snapshots s ON s.image_id = i.id AND s.namespace_type = 'user'
        WHERE i.pool_id = ? AND i.namespace = ? ORDER BY i.name, s.snap_id`).all(poolId, ref.namespace) as
        { id: string; name: string; size: number; snap_id: number | null; snap_name: string | null; snap_size: number | null; protected: number | null }[];
      const out: ImageListEntry[] = [];
      for (const r of rows) {
        let last = out[out.length - 1];
        if (!last || last.id !== r.id) {
          last = { name: r.name, id: r.id, size: r.size, format: 2, snapshots: [] };
          out.push(last);
        }
        if (r.snap_id !== null) last.snapshots.push({ id: r.snap_id, name: r.snap_name!, size: r.snap_size!, protected: r.protected === 1 });
      }
      return out;
    },

    createImage: async (ref, opts) => {
      const { store } = core;
      store.tx(() => {
        const poolId = store.poolRefId(ref);
        const dataPool = opts.dataPool && opts.dataPool !== ref.pool ? opts.dataPool : undefined;
        const features = validateCreateFeatures((toMask(opts.features) & ~IMPLICIT) | (dataPool ? DATA_POOL : 0));
        checkNewImage(store, poolId, ref.namespace, ref.image, opts.order, dataPool);
        const poolMode = modeOf(store, poolId, ref.namespace);
        let mirrorMode: ImageMirrorMode | undefined;
        if (opts.mirrorImageMode) {
          if (poolMode === 'disabled') throw librbdError('rbd_create4', Errno.EINVAL, 'mirroringDisabled');
          if (poolMode === 'pool') throw librbdError('rbd_create4', Errno.EINVAL, 'poolMode');
          mirrorMode = opts.mirrorImageMode;
        } else if (poolMode === 'pool' && hasFeature(features, 'journaling')) {
          mirrorMode = 'journal'; // pool mode mirrors every journaling image
        }
        const id = insertImage(store, { poolId, namespace: ref.namespace, name: ref.image, size: opts.size, order: opts.order, features, dataPool },
          { checked: true });
        if (mirrorMode) enableImageMirroring(core, id, mirrorMode);
      });
    },

    removeImage: async (ref) => {
      const { store } = core;
      store.tx(() => {
        const row = findImage(store, ref);
        const userSnaps = store.db.prepare("SELECT COUNT(*) AS n FROM snapshots WHERE image_id = ? AND namespace_type IN ('user', 'trash')")
          .get(row.id) as { n: number };
        if (userSnaps.n > 0) throw new RbdError(Errno.ENOTEMPTY, 'image has snapshots - not removing');
        // librbd's RemoveRequest disables mirroring first: a non-primary copy is refused (EINVAL)
        disableImageMirroring(core, row.id, { force: false });
        // snapshots, image-meta and the mirror record go with the image (ON DELETE CASCADE)
        store.db.prepare('DELETE FROM images WHERE id = ?').run(row.id);
        // image-level snapshot schedules are keyed `<pool_id>/<namespace>/<image_id>`
        store.db.prepare('DELETE FROM schedules WHERE level = ?').run(`${row.pool_id}/${row.namespace}/${row.id}`);
      });
    },

    imageInfo: async (ref) => {
      const { store } = core;
      const row = findImage(store, ref);
      const snaps = store.db.prepare('SELECT COUNT(*) AS n FROM snapshots WHERE image_id = ?').get(row.id) as { n: number };
      const mirror = mirrorInfoOf(core, row.id);
      const objectSize = 2 ** row.order_bits;
      const info: ImageInfo = {
        name: row.name,
        id: row.id,
        size: row.size,
        order: row.order_bits,
        objectSize,
        objectCount: Math.ceil(row.size / objectSize),
        features: toNames(row.features),
        opFeatures: [],
        flags: [],
        createTimestamp: row.created,
        accessTimestamp: row.accessed,
        modifyTimestamp: row.modified,
        snapshotCount: snaps.n,
        // with a data pool the objects carry the image pool's id (CreateRequest::create_image)
        blockNamePrefix: row.data_pool ? `rbd_data.${row.pool_id}.${row.id}` : `rbd_data.${row.id}`,
      };
      if (row.data_pool) info.dataPool = row.data_pool;
      // snapl: format 2 layering shows as op features (and the operations feature)
      info.opFeatures = cloneOpFeatures(store.db, row.id);
      if (info.opFeatures.length) info.features = toNames(row.features | FEATURES.operations);
      if (hasFeature(row.features, 'journaling')) info.journalId = row.id;
      if (mirror) info.mirroring = mirror;
      return info;
    },

    updateFeatures: async (ref, features, enabled) => {
      const { store } = core;
      store.tx(() => {
        const row = findImage(store, ref);
        const mirror = getMirrorRecord(core, row.id);
        // checked in the write's transaction: a promotion/demotion cannot slip in between
        if (mirror && promotionOf(core, mirror) !== 'primary') throw notPrimaryFeatureUpdate();
        const changed = featureUpdate(row.features, toMask(features), enabled);
        const poolMode = modeOf(store, row.pool_id, row.namespace);
        const journaling = (changed & JOURNALING) !== 0;
        if (enabled) {
          store.db.prepare('UPDATE images SET features = ? WHERE id = ?').run(row.features | changed, row.id);
          // EnableFeaturesRequest: a pool-mode pool mirrors every journaling image
          if (journaling && poolMode === 'pool' && !mirror) enableImageMirroring(core, row.id, 'journal');
          return;
        }
        if (journaling && mirror && mirror.mode === 'journal') {
          if (poolMode !== 'pool' && mirror.state === 1) {
            throw new RbdError(Errno.EINVAL, 'cannot disable journaling: journal-based mirroring enabled and mirror pool mode set to image');
          }
          // DisableFeaturesRequest: in pool mode, journal mirroring goes with the journal
          if (poolMode === 'pool') disableImageMirroring(core, row.id, { force: false, keepJournaling: true });
        }
        store.db.prepare('UPDATE images SET features = ? WHERE id = ?').run(row.features & ~changed, row.id);
      });
    },

    listSnaps: async (ref) => {
      const { store } = core;
      const row = findImage(store, ref);
      return (store.db.prepare('SELECT * FROM snapshots WHERE image_id = ? ORDER BY snap_id').all(row.id) as SnapRow[])
        .map((r): SnapInfo => ({
          id: r.snap_id, name: r.name, size: r.size, protected: r.protected === 1, timestamp: r.created, namespace: snapNamespace(r),
        }));
    },

    createSnap: async (ref, snapName) => {
      const { store } = core;
      store.tx(() => {
        const row = findImage(store, ref);
        assertWritable(store.db, row.id);
        if (store.db.prepare('SELECT 1 FROM snapshots WHERE image_id = ? AND name = ?').get(row.id, snapName)) {
          throw new RbdError(Errno.EEXIST, `snapshot ${snapName} already exists`);
        }
        const snapId = allocateSnapId(store.db, row.id);
        store.db.prepare("INSERT INTO snapshots (image_id, snap_id, name, size, created, namespace_type) VALUES (?, ?, ?, ?, ?, 'user')")
          .run(row.id, snapId, snapName, row.size, Date.now());
        if (row.features & FEATURES.journaling) journalSnapEvent(store.db, row.id, 'snap_create', snapName, row.size);
      });
    },

    removeSnap: async (ref, snapName) => {
      const { store } = core;
      store.tx(() => {
        const row = findImage(store, ref);
        // librbd looks the name up in the user namespace only: mirror snapshots are not found
        const snap = store.db.prepare("SELECT snap_id, protected FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'")
          .get(row.id, snapName) as { snap_id: number; protected: number } | undefined;
        if (!snap) throw new RbdError(Errno.ENOENT, 'No such snapshot found.');
        assertWritable(store.db, row.id);
        if (snap.protected) throw new RbdError(Errno.EBUSY, 'snapshot is protected');
        if (!trashIfCloned(store.db, row.id, snap.snap_id)) store.db.prepare('DELETE FROM snapshots WHERE image_id = ? AND name = ?').run(row.id, snapName);
        if (row.features & FEATURES.journaling) journalSnapEvent(store.db, row.id, 'snap_remove', snapName, row.size);
      });
    },
  };
}
