// Per-image mirroring: enable/disable, promote/demote, resync, mirror snapshots. The rules are
// librbd's (api/Mirror.cc, mirror/{Enable,Disable,Promote,Demote}Request, mirror/snapshot/*).
import { assertNoMirroredChildren, assertParentMirrored } from './clones.js';
import { Errno, RbdError, strerror } from '../../errors.js';
import { librbdError } from '../../rules/librbd-failures.js';
import type { MirrorImageApi } from '../backend.js';
import { FEATURES, type ImageRef, type MirrorImageInfo } from '../types.js';
import type { LocalCore } from './core.js';
import { nextJournalTag } from './journal.js';
import {
  disableImageMirroring, enableImageMirroring, getMirrorRecord, MIRROR_IMAGE_STATE, mirrorInfoOf, promotionOf, setPromotion,
  type ImageRow, type MirrorImageRecord,
} from './mirror-records.js';
import { createNonPrimaryMirrorSnapshot, createPrimaryMirrorSnapshot, imageDataHooks, listMirrorSnapshots } from './mirror-snapshots.js';

export type MirrorImageControlApi = Omit<MirrorImageApi, 'mirrorImageGlobalStatus' | 'mirrorImageStatusList' | 'mirrorDaemons'>;

/** The image of a ref; ENOENT as rbd's image open reports it. */
export function imageByRef(core: LocalCore, ref: ImageRef): ImageRow {
  const poolId = core.store.poolRefId(ref);
  const row = core.store.db.prepare('SELECT id, pool_id, namespace, name, size, features FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(poolId, ref.namespace, ref.image) as ImageRow | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `error opening image ${ref.image}: ${strerror(Errno.ENOENT)}`);
  return row;
}

function poolMirrorMode(core: LocalCore, image: ImageRow): number {
  const row = core.store.db.prepare('SELECT mode FROM mirror_config WHERE pool_id = ? AND namespace = ?')
    .get(image.pool_id, image.namespace) as { mode: number } | undefined;
  return row?.mode ?? 0;
}

/** The record of an image whose mirroring is enabled, else librbd's EINVAL. */
function enabledRecord(core: LocalCore, image: ImageRow, message = 'mirroring is not currently enabled'): MirrorImageRecord {
  const record = getMirrorRecord(core, image.id);
  if (!record || record.state !== MIRROR_IMAGE_STATE.enabled) throw new RbdError(Errno.EINVAL, message);
  return record;
}

/** rbd_mirror_image_get_info: an image without a mirror record reports `disabled`. */
export function mirrorImageInfo(core: LocalCore, imageId: string): MirrorImageInfo {
  return mirrorInfoOf(core, imageId) ?? { globalId: '', state: 'disabled', mode: 'journal', primary: false, promotionState: 'unknown' };
}

/** Journal mode: promotion and demotion each allocate a new journal tag (ownership change)
 *  that replayers see and `tag_tid` in the replay positions shows. */
function newJournalTag(core: LocalCore, imageId: string): void {
  nextJournalTag(core.store.db, imageId);
}

function promote(core: LocalCore, image: ImageRow, force: boolean): void {
  const record = enabledRecord(core, image);
  const promotion = promotionOf(core, record);
  if (promotion === 'primary') throw librbdError('rbd_mirror_image_promote', Errno.EINVAL);
  if (promotion === 'non-primary' && !force) throw librbdError('rbd_mirror_image_promote', Errno.EBUSY);
  if (record.mode === 'journal') {
    setPromotion(core, image.id, 'primary');
    newJournalTag(core, image.id);
    return;
  }

  // snapshot::PromoteRequest: a forced promotion over a non-primary snapshot first records an
  // orphan snapshot, and rolls back to the last complete snapshot when the copy was unfinished.
  const snaps = listMirrorSnapshots(core, image.id);
  const newest = snaps[snaps.length - 1];
  if (newest?.state === 'non-primary') {
    let rollbackTo: number | undefined;
    if (!newest.complete) {
      rollbackTo = snaps.slice(0, -1).reverse().find((s) => s.complete)?.snapId;
      if (rollbackTo === undefined) throw new RbdError(Errno.EINVAL, 'no previous mirror snapshots found, cannot rollback');
    }
    createNonPrimaryMirrorSnapshot(core, image.id, { globalId: record.globalId, primaryMirrorUuid: '', complete: true });
    if (rollbackTo !== undefined) imageDataHooks.rollbackToSnapshot(core, image.id, rollbackTo);
  }
  createPrimaryMirrorSnapshot(core, { imageId: image.id, poolId: image.pool_id, globalId: record.globalId });
  if (image.features & FEATURES['non-primary']) {
    core.store.db.prepare('UPDATE images SET features = ? WHERE id = ?').run(image.features & ~FEATURES['non-primary'], image.id);
  }
}

function demote(core: LocalCore, image: ImageRow): void {
  const record = enabledRecord(core, image);
  if (promotionOf(core, record) !== 'primary') throw librbdError('rbd_mirror_image_demote', Errno.EINVAL);
  if (record.mode === 'journal') {
    setPromotion(core, image.id, 'orphan');
    newJournalTag(core, image.id);
  } else createPrimaryMirrorSnapshot(core, { imageId: image.id, poolId: image.pool_id, globalId: record.globalId }, { demoted: true });
}

function resync(core: LocalCore, image: ImageRow): void {
  const record = enabledRecord(core, image, 'mirroring is not enabled');
  if (promotionOf(core, record) === 'primary') throw librbdError('rbd_mirror_image_resync', Errno.EINVAL);
  core.store.db.prepare('UPDATE mirror_images SET resync_requested = 1 WHERE image_id = ?').run(image.id);
}

function createSnapshot(core: LocalCore, image: ImageRow): number {
  const record = getMirrorRecord(core, image.id);
  if (!record) throw new RbdError(Errno.EINVAL, 'mirroring is not enabled');
  if (record.mode !== 'snapshot') throw new RbdError(Errno.EINVAL, 'snapshot based mirroring is not enabled');
  if (record.state !== MIRROR_IMAGE_STATE.enabled) throw new RbdError(Errno.EINVAL, 'mirroring is not enabled');
  const newest = listMirrorSnapshots(core, image.id).at(-1);
  if (newest && newest.state !== 'primary') {
    throw new RbdError(Errno.EINVAL, newest.state === 'non-primary'
      ? 'trying to create primary snapshot without force when previous snapshot is non-primary'
      : 'trying to create primary snapshot without force when previous primary snapshot is demoted');
  }
  return createPrimaryMirrorSnapshot(core, { imageId: image.id, poolId: image.pool_id, globalId: record.globalId }, { requirePeers: true });
}

export function mirrorImageApi(core: LocalCore): MirrorImageControlApi {
  /** Runs fn on the image inside one write transaction. */
  const onImage = <T>(ref: ImageRef, fn: (image: ImageRow) => T): T => {
    const { store } = core;
    return store.tx(() => fn(imageByRef(core, ref)));
  };
  return {
    mirrorImageEnable: async (ref, mode) => onImage(ref, (image) => {
      const poolMode = poolMirrorMode(core, image);
      if (poolMode === 0) throw librbdError('rbd_mirror_image_enable', Errno.EINVAL, image.namespace ? 'namespaceDisabled' : 'poolDisabled');
      if (poolMode !== 1) throw librbdError('rbd_mirror_image_enable', Errno.EINVAL, 'poolMode');
      assertParentMirrored(core, image.id); // snapl
      enableImageMirroring(core, image.id, mode);
    }),
    mirrorImageDisable: async (ref, force) => onImage(ref, (image) => {
      if (poolMirrorMode(core, image) !== 1) throw librbdError('rbd_mirror_image_disable', Errno.EINVAL, 'poolMode');
      assertNoMirroredChildren(core, image.id); // snapl
      disableImageMirroring(core, image.id, { force });
    }),
    mirrorImagePromote: async (ref, force) => onImage(ref, (image) => promote(core, image, force)),
    mirrorImageDemote: async (ref) => onImage(ref, (image) => demote(core, image)),
    mirrorImageResync: async (ref) => onImage(ref, (image) => resync(core, image)),
    mirrorImageGetInfo: async (ref) => mirrorImageInfo(core, imageByRef(core, ref).id),
    mirrorImageCreateSnapshot: async (ref) => onImage(ref, (image) => createSnapshot(core, image)),
  };
}
