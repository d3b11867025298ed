// `rbd mirror image enable|disable|promote|demote|resync|snapshot`: what tools/rbd/action/
// MirrorImage.cc checks before and around the librbd call, with its messages.
import type { Backend } from '../backends/backend.js';
import type { ImageMirrorMode } from '../backends/types.js';
import { Errno, isRbdError, RbdError, strerror } from '../errors.js';
import { openImage } from './open.js';
import type { ResolvedImage } from './specs.js';

/** `[journal|snapshot]`, journal by default; rbd checks it only after opening the image. */
export function parseImageMirrorMode(arg: string | undefined): ImageMirrorMode {
  if (arg === undefined || arg === '' || arg === 'journal') return 'journal';
  if (arg === 'snapshot') return 'snapshot';
  throw new RbdError(Errno.EINVAL, `invalid mode name: ${arg}`);
}

/** Real rbd prints a librbd log line and then its own line; we print one line carrying both,
 *  `rbd: error promoting image to primary: image is already primary`, with librbd's errno. */
function failedWith(e: unknown, cliMessage: string): unknown {
  if (!isRbdError(e)) return e;
  return new RbdError(e.errno, `${cliMessage}: ${e.message}`);
}

/** validate_mirroring_enabled: the image record must be `enabled` (and in snapshot mode). */
export async function requireMirroringEnabled(backend: Backend, ref: ResolvedImage, opts: { snapshotOnly?: boolean } = {}): Promise<void> {
  let info;
  try {
    info = await backend.mirrorImageGetInfo(ref);
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(e.errno, `failed to retrieve mirror info: ${strerror(e.errno)}`);
    throw e;
  }
  if (info.state !== 'enabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the image');
  if (opts.snapshotOnly && info.mode !== 'snapshot') throw new RbdError(Errno.EINVAL, 'snapshot based mirroring not enabled on the image');
}

/** Prints `Mirroring enabled` on success; librbd's refusal is the only line on failure. */
export async function enableMirroring(backend: Backend, ref: ResolvedImage, modeArg: string | undefined): Promise<void> {
  await openImage(backend, ref);
  await backend.mirrorImageEnable(ref, parseImageMirrorMode(modeArg));
}

export async function disableMirroring(backend: Backend, ref: ResolvedImage, opts: { force: boolean }): Promise<void> {
  await openImage(backend, ref);
  await backend.mirrorImageDisable(ref, opts.force);
}

export async function promoteImage(backend: Backend, ref: ResolvedImage, opts: { force: boolean }): Promise<void> {
  await openImage(backend, ref);
  await requireMirroringEnabled(backend, ref);
  await backend.mirrorImagePromote(ref, opts.force).catch((e: unknown) => { throw failedWith(e, 'error promoting image to primary'); });
}

export async function demoteImage(backend: Backend, ref: ResolvedImage): Promise<void> {
  await openImage(backend, ref);
  await requireMirroringEnabled(backend, ref);
  await backend.mirrorImageDemote(ref).catch((e: unknown) => { throw failedWith(e, 'error demoting image to non-primary'); });
}

export async function resyncImage(backend: Backend, ref: ResolvedImage): Promise<void> {
  await openImage(backend, ref);
  await requireMirroringEnabled(backend, ref);
  await backend.mirrorImageResync(ref).catch((e: unknown) => { throw failedWith(e, 'error flagging image resync'); });
}

export interface SnapshotQuiesceOptions { skipQuiesce: boolean; ignoreQuiesceError: boolean }

/** get_snap_create_flags: the two quiesce options exclude each other (checked before opening). */
export function checkQuiesceOptions(opts: SnapshotQuiesceOptions): void {
  if (opts.skipQuiesce && opts.ignoreQuiesceError) {
    throw new RbdError(Errno.EINVAL, 'ignore-quiesce-error cannot be used together with skip-quiesce');
  }
}

/** `mirror image snapshot`: returns the new snapshot's id. The local backend has no mapped
 *  clients, so there are no quiesce hooks to run or skip. */
export async function createMirrorSnapshot(backend: Backend, ref: ResolvedImage, opts: SnapshotQuiesceOptions): Promise<number> {
  checkQuiesceOptions(opts);
  await openImage(backend, ref);
  await requireMirroringEnabled(backend, ref, { snapshotOnly: true });
  try {
    return await backend.mirrorImageCreateSnapshot(ref);
  } catch (e) {
    throw failedWith(e, `error creating snapshot: ${isRbdError(e) ? strerror(e.errno) : ''}`);
  }
}
