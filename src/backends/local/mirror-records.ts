// Transaction-level mirroring primitives on one image record, shared by the image code
// (feature enable/disable, create in a pool-mode pool), the pool code (mode changes) and
// mirror-image.ts. Call them inside store.tx(); they do not check the pool's mirror mode.
import { randomUUID } from 'node:crypto';
import { Errno, RbdError } from '../../errors.js';
import { FEATURES, IMAGE_MIRROR_MODES, IMAGE_MIRROR_STATES, MIRROR_IMAGE_STATE, type ImageMirrorMode, type MirrorImageInfo } from '../types.js';
import type { LocalCore } from './core.js';
import { setAppliedPosition } from './journal.js';
import {
  createPrimaryMirrorSnapshot, listMirrorSnapshots, promotionFromSnapshots, removeAllMirrorSnapshots, type Promotion,
} from './mirror-snapshots.js';

// mirror_images.mode / .state hold the indexes of these (backends/types.ts).
export { IMAGE_MIRROR_MODES, MIRROR_IMAGE_STATE };

/** The image row fields mirroring needs. */
export interface ImageRow { id: string; pool_id: number; namespace: string; name: string; size: number; features: number }

export interface MirrorImageRecord {
  imageId: string;
  globalId: string;
  mode: ImageMirrorMode;
  /** MIRROR_IMAGE_STATE value. */
  state: number;
  promotion: Promotion;
  resyncRequested: boolean;
}

interface RecordRow { image_id: string; global_id: string; mode: number; state: number; promotion: string; resync_requested: number }

export function getImageRow(core: LocalCore, imageId: string): ImageRow | undefined {
  return core.store.db.prepare('SELECT id, pool_id, namespace, name, size, features FROM images WHERE id = ?').get(imageId) as ImageRow | undefined;
}

export function getMirrorRecord(core: LocalCore, imageId: string): MirrorImageRecord | undefined {
  const r = core.store.db.prepare('SELECT * FROM mirror_images WHERE image_id = ?').get(imageId) as RecordRow | undefined;
  if (!r) return undefined;
  return {
    imageId: r.image_id, globalId: r.global_id, mode: IMAGE_MIRROR_MODES[r.mode] ?? 'journal', state: r.state,
    promotion: r.promotion as Promotion, resyncRequested: r.resync_requested === 1,
  };
}

/** Promotion state as librbd derives it: journal from the record (tag owner), snapshot from the
 *  newest mirror snapshot. */
export function promotionOf(core: LocalCore, record: MirrorImageRecord): Promotion {
  if (record.mode === 'journal') return record.promotion;
  return promotionFromSnapshots(listMirrorSnapshots(core, record.imageId));
}

/** rbd_mirror_image_get_info of an image; undefined when it has no mirror record. */
export function mirrorInfoOf(core: LocalCore, imageId: string): MirrorImageInfo | undefined {
  const record = getMirrorRecord(core, imageId);
  if (!record) return undefined;
  const promotionState = promotionOf(core, record);
  return {
    globalId: record.globalId, state: IMAGE_MIRROR_STATES[record.state] ?? 'disabled', mode: record.mode,
    primary: promotionState === 'primary', promotionState,
  };
}

export function setPromotion(core: LocalCore, imageId: string, promotion: Promotion): void {
  core.store.db.prepare('UPDATE mirror_images SET promotion = ? WHERE image_id = ?').run(promotion, imageId);
}

function imageOrThrow(core: LocalCore, imageId: string): ImageRow {
  const image = getImageRow(core, imageId);
  if (!image) throw new RbdError(Errno.ENOENT, 'image not found');
  return image;
}

/** Enables mirroring on the image as primary with a fresh global id. journal: turns on
 *  exclusive-lock + journaling; snapshot: creates the first primary mirror snapshot.
 *  Already enabled in the same mode: nothing to do; in the other mode, or not `enabled`: EINVAL. */
export function enableImageMirroring(core: LocalCore, imageId: string, mode: ImageMirrorMode): void {
  const image = imageOrThrow(core, imageId);
  const existing = getMirrorRecord(core, imageId);
  if (existing) {
    // librbd EnableRequest::handle_get_mirror_image, in its order
    if (existing.mode !== mode) throw new RbdError(Errno.EINVAL, 'invalid current image mirror mode');
    if (existing.state !== MIRROR_IMAGE_STATE.enabled) throw new RbdError(Errno.EINVAL, 'currently disabling');
    return;
  }
  const { db } = core.store;
  if (mode === 'journal') {
    const wanted = image.features | FEATURES['exclusive-lock'] | FEATURES.journaling;
    if (wanted !== image.features) db.prepare('UPDATE images SET features = ? WHERE id = ?').run(wanted, imageId);
  }
  const globalId = randomUUID();
  db.prepare('INSERT INTO mirror_images (image_id, global_id, mode, state, promotion, resync_requested) VALUES (?, ?, ?, ?, ?, 0)')
    .run(imageId, globalId, IMAGE_MIRROR_MODES.indexOf(mode), MIRROR_IMAGE_STATE.enabled, 'primary');
  if (mode === 'snapshot') createPrimaryMirrorSnapshot(core, { imageId, poolId: image.pool_id, globalId });
}

/** Disables mirroring: removes mirror snapshots, the record and its status records; journal
 *  mode turns the journaling feature off unless keepJournaling. Non-primary needs force (EINVAL).
 *  An image without a record is left alone. */
export function disableImageMirroring(core: LocalCore, imageId: string, opts: { force: boolean; keepJournaling?: boolean }): void {
  const image = imageOrThrow(core, imageId);
  const record = getMirrorRecord(core, imageId);
  if (!record) return;
  // A record left in `disabling` by an interrupted disable is finished off without the check.
  if (record.state !== MIRROR_IMAGE_STATE.disabling && promotionOf(core, record) !== 'primary' && !opts.force) {
    throw new RbdError(Errno.EINVAL, 'mirrored image is not primary, add force option to disable mirroring');
  }
  const { db } = core.store;
  if (record.mode === 'snapshot') {
    removeAllMirrorSnapshots(core, imageId);
    // a forcibly disabled non-primary copy becomes an ordinary writable image
    if (image.features & FEATURES['non-primary']) {
      db.prepare('UPDATE images SET features = ? WHERE id = ?').run(image.features & ~FEATURES['non-primary'], imageId);
    }
  } else if (!opts.keepJournaling && image.features & FEATURES.journaling) {
    db.prepare('UPDATE images SET features = ? WHERE id = ?').run(image.features & ~FEATURES.journaling, imageId);
  }
  db.prepare('DELETE FROM mirror_status WHERE pool_id = ? AND namespace = ? AND global_id = ?')
    .run(image.pool_id, image.namespace, record.globalId);
  db.prepare('DELETE FROM mirror_images WHERE image_id = ?').run(imageId);
  setAppliedPosition(db, imageId, undefined);
}

/** The mirror record of a non-primary copy the rbd-mirror daemon created (bootstrap): the
 *  primary's global id and mode, enabled at once (the copy's progress lives in its sync markers). */
export function enableNonPrimaryMirroring(core: LocalCore, imageId: string, globalId: string, mode: ImageMirrorMode): void {
  core.store.db.prepare(`INSERT INTO mirror_images (image_id, global_id, mode, state, promotion, resync_requested)
    VALUES (?, ?, ?, ?, 'non-primary', 0)`).run(imageId, globalId, IMAGE_MIRROR_MODES.indexOf(mode), MIRROR_IMAGE_STATE.enabled);
}
