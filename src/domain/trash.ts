// `rbd trash mv|ls|restore|rm|purge` (tools/rbd/action/Trash.cc) over librbd's trash calls.
// Mirroring follows librbd: moving a primary to the trash disables its mirroring, so the peer's
// rbd-mirror deletes its copy; a restore into a pool-mode pool mirrors a journaling image again
// (image mode: `mirror image enable` it, as Ceph's QA does).
import type { Backend } from '../backends/backend.js';
import type { TrashEntry } from '../backends/types.js';
import { Errno, isRbdError, RbdError } from '../errors.js';
import { parseDateArgument } from '../os/gnu-date.js';
import { librbdFailure, withProgress, type Progress } from './image-failure.js';
import { openPool } from './open.js';
import type { ResolvedImage, ResolvedPool } from './specs.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function dateArgument(text: string): number {
  const secs = parseDateArgument(text);
  if (secs === undefined) throw new RbdError(Errno.EINVAL, `error calling /bin/date: (22) Invalid argument`);
  return secs;
}

/** `trash mv [--expires-at <date>]`: the deferment is the time until that date. */
export async function trashMove(backend: Backend, ref: ResolvedImage, expiresAt: string | undefined): Promise<void> {
  const now = nowSeconds();
  const expires = expiresAt === undefined || expiresAt === 'now' ? now : dateArgument(expiresAt);
  if (expires < now) throw new RbdError(Errno.EINVAL, 'cannot use a date in the past as an expiration date');
  await openPool(backend, ref);
  try {
    await backend.trashMove(ref, expires - now);
  } catch (e) {
    librbdFailure(e, 'deferred delete error', [Errno.ENOENT, Errno.EINVAL, Errno.EBUSY]);
  }
}

export interface TrashListing { entries: TrashEntry[]; long: boolean; now: number }

/** `trash ls [--all] [--long]`: images users moved there, or every source with --all. */
export async function trashList(backend: Backend, ref: ResolvedPool, opts: { all: boolean; long: boolean }): Promise<TrashListing> {
  await openPool(backend, ref);
  const entries = (await backend.trashList(ref)).filter((t) => opts.all || t.source === 'USER');
  return { entries, long: opts.long, now: nowSeconds() };
}

/** `trash restore <id> [--image <name>]` */
export async function trashRestore(backend: Backend, ref: ResolvedPool, id: string | undefined, name: string | undefined): Promise<void> {
  if (!id) throw new RbdError(Errno.EINVAL, 'image id was not specified');
  await openPool(backend, ref);
  try {
    await backend.trashRestore(ref, id, name ?? '');
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT)) throw new RbdError(e.errno, 'error: image does not exist in trash');
    if (isRbdError(e, Errno.EEXIST)) throw new RbdError(e.errno, 'error: an image with the same name already exists, try again with a different name');
    librbdFailure(e, 'restore error');
  }
}

/** `trash rm <id> [--force]` */
export async function trashRemove(backend: Backend, ref: ResolvedPool, id: string | undefined, force: boolean, progress: Progress): Promise<void> {
  if (!id) throw new RbdError(Errno.EINVAL, 'image id was not specified');
  await openPool(backend, ref);
  try {
    await withProgress(progress, () => backend.trashRemove(ref, id, force));
  } catch (e) {
    if (isRbdError(e, Errno.EPERM)) throw new RbdError(e.errno, 'Deferment time has not expired, please use --force if you really want to remove the image');
    if (isRbdError(e, Errno.ENOTEMPTY)) {
      throw new RbdError(e.errno, "image has snapshots - these must be deleted with 'rbd snap purge' before the image can be removed.");
    }
    librbdFailure(e, 'remove error', [Errno.ENOENT]);
  }
}

/** `trash purge [--expired-before <date>] [--threshold <0..1>]` */
export async function trashPurge(backend: Backend, ref: ResolvedPool, opts: { expiredBefore?: string; threshold?: string },
  progress: Progress): Promise<void> {
  const before = opts.expiredBefore === undefined ? nowSeconds() : dateArgument(opts.expiredBefore);
  let threshold = -1;                 // librbd's "no threshold"
  if (opts.threshold !== undefined) {
    threshold = Number(opts.threshold);
    if (!/^\d*\.?\d+$/.test(opts.threshold.trim()) || threshold < 0 || threshold > 1) {
      throw new RbdError(Errno.EINVAL, 'threshold provided is out of range, it must be between 0.0 and 1.0');
    }
  }
  await openPool(backend, ref);
  try {
    await withProgress(progress, () => backend.trashPurge(ref, before, threshold));
  } catch (e) {
    librbdFailure(e, 'error purging trash');
  }
}
