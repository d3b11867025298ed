// `rbd mirror pool promote|demote`: every image of the pool/namespace, alphabetically.
import type { Backend } from '../backends/backend.js';
import type { MirrorImageInfo } from '../backends/types.js';
import { Errno, isRbdError, strerror } from '../errors.js';
import { openPool } from './open.js';
import { requireMirroringEnabled } from './pool-mode.js';
import type { ResolvedPool } from './specs.js';

export interface PoolActionResult {
  /** `Promoted` or `Demoted`. */
  verb: 'Promoted' | 'Demoted';
  count: number;
  /** Per-image failures in image order: the stderr line (without `rbd: `) and its errno. */
  failures: { message: string; errno: number }[];
}

type Action = 'promote' | 'demote';

export function promotePool(backend: Backend, ref: ResolvedPool, opts: { force: boolean }): Promise<PoolActionResult> {
  return forEachImage(backend, ref, 'promote', opts.force);
}

export function demotePool(backend: Backend, ref: ResolvedPool): Promise<PoolActionResult> {
  return forEachImage(backend, ref, 'demote', false);
}

const skip = (action: Action, info: MirrorImageInfo) =>
  info.state !== 'enabled' || (action === 'promote' ? info.primary : !info.primary);

// rbd runs these in parallel (rbd_concurrent_management_ops) but reports in image order; the
// local backend is synchronous underneath, so one at a time gives the same result.
async function forEachImage(backend: Backend, ref: ResolvedPool, action: Action, force: boolean): Promise<PoolActionResult> {
  await openPool(backend, ref);
  await requireMirroringEnabled(backend, ref);
  const names = [...await backend.listImages(ref)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const result: PoolActionResult = { verb: action === 'promote' ? 'Promoted' : 'Demoted', count: 0, failures: [] };
  for (const image of names) {
    const imageRef = { ...ref, image };
    let info: MirrorImageInfo;
    try {
      info = await backend.mirrorImageGetInfo(imageRef);
    } catch (e) {
      if (isRbdError(e, Errno.ENOENT)) continue;
      if (!isRbdError(e)) throw e;
      result.failures.push({ message: `failed to retrieve mirror image info for ${image}: ${strerror(e.errno)}`, errno: e.errno });
      continue;
    }
    if (skip(action, info)) continue;
    try {
      if (action === 'promote') await backend.mirrorImagePromote(imageRef, force);
      else await backend.mirrorImageDemote(imageRef);
      result.count++;
    } catch (e) {
      if (isRbdError(e, Errno.ENOENT)) continue;
      if (!isRbdError(e)) throw e;
      result.failures.push({ message: `failed to ${action} image ${image}: ${strerror(e.errno)}`, errno: e.errno });
    }
  }
  return result;
}
