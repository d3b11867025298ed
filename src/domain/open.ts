// Opening a pool, namespace or image the way rbd does before an action, with rbd's wording.
import type { Backend } from '../backends/backend.js';
import type { ImageInfo } from '../backends/types.js';
import { Errno, isRbdError, RbdError, strerror } from '../errors.js';
import type { ResolvedImage, ResolvedPool } from './specs.js';

/** Checks the pool (and namespace) exist: `error opening pool`, `namespace '…' does not exist.` */
export async function openPool(backend: Backend, ref: ResolvedPool): Promise<void> {
  try {
    await backend.poolId(ref.pool);
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT) && ref.poolDefaulted) {
      throw new RbdError(Errno.ENOENT, `error opening default pool '${ref.pool}' (ensure that the default pool has been created or specify an alternate pool name)`);
    }
    throw e;
  }
  if (ref.namespace !== '' && !(await backend.namespaceExists(ref))) {
    throw new RbdError(Errno.ENOENT, `namespace '${ref.namespace}' does not exist.`);
  }
}

/** Opens the image: `error opening image <name>: (2) No such file or directory`. */
export async function openImage(backend: Backend, ref: ResolvedImage): Promise<ImageInfo> {
  await openPool(backend, ref);
  try {
    return await backend.imageInfo(ref);
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(e.errno, `error opening image ${ref.image}: ${strerror(e.errno)}`);
    throw e;
  }
}
