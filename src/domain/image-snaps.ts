// `rbd snap create | ls | rm` (tools/rbd/action/Snap.cc): user snapshots; mirror snapshots are
// listed only with --all and cannot be removed by name (librbd looks names up in the user
// namespace, so `snap rm` of a mirror snapshot is ENOENT).
import type { Backend } from '../backends/backend.js';
import type { SnapInfo } from '../backends/types.js';
import { Errno, RbdError } from '../errors.js';
import { librbdFailure, withProgress, type Progress } from './image-failure.js';
import type { ResolvedImage, ResolvedSnapImage } from './specs.js';
import { openImage } from './open.js';

export interface SnapListing {
  all: boolean;
  snaps: SnapInfo[];
  /** Objects of the image: the base of a non-primary snapshot's `NN% copied`. */
  objectCount: number;
}

export async function listSnapshots(backend: Backend, ref: ResolvedImage, opts: { all: boolean }): Promise<SnapListing> {
  const info = await openImage(backend, ref);
  try {
    const snaps = await backend.listSnaps(ref);
    return { all: opts.all, snaps: opts.all ? snaps : snaps.filter((s) => s.namespace.type === 'user'), objectCount: info.objectCount };
  } catch (e) {
    librbdFailure(e, 'failed to list snapshots');
  }
}

export async function createSnapshot(backend: Backend, ref: ResolvedSnapImage, progress: Progress,
  flags: { skipQuiesce: boolean; ignoreQuiesceError: boolean }): Promise<void> {
  if (flags.skipQuiesce && flags.ignoreQuiesceError) {
    throw new RbdError(Errno.EINVAL, 'ignore-quiesce-error cannot be used together with skip-quiesce');
  }
  await openImage(backend, ref);
  try {
    await withProgress(progress, () => backend.createSnap(ref, ref.snap));
  } catch (e) {
    librbdFailure(e, 'failed to create snapshot', [Errno.EEXIST, Errno.EROFS]);
  }
}

export async function removeSnapshot(backend: Backend, ref: ResolvedSnapImage, progress: Progress): Promise<void> {
  await openImage(backend, ref);
  try {
    await withProgress(progress, () => backend.removeSnap(ref, ref.snap));
  } catch (e) {
    // snapl: rbd's own words for a protected snapshot (librbd's EBUSY)
    if (e instanceof RbdError && e.errno === Errno.EBUSY) throw new RbdError(Errno.EBUSY, `snapshot '${ref.snap}' is protected from removal.`);
    librbdFailure(e, 'failed to remove snapshot', [Errno.EROFS]);
  }
}

/** `rbd snap purge`: every user snapshot, oldest first (mirror snapshots stay: they are not the
 *  user's); a protected one refuses the whole purge before anything is removed. */
export async function purgeSnapshots(backend: Backend, ref: ResolvedImage, progress: Progress): Promise<void> {
  await openImage(backend, ref);
  const snaps = (await backend.listSnaps(ref)).filter((s) => s.namespace.type === 'user');
  const locked = snaps.find((s) => s.protected);
  if (locked) throw new RbdError(Errno.EBUSY, `snapshot '${locked.name}' is protected from removal.`);
  try {
    await withProgress(progress, async () => { for (const s of snaps) await backend.removeSnap(ref, s.name); });
  } catch (e) {
    librbdFailure(e, 'removing snaps failed', [Errno.EROFS]);
  }
}
