// Pool-level actions outside mirroring.
import type { Backend } from '../backends/backend.js';
import { Errno, isRbdError, quoteName, RbdError } from '../errors.js';

/** What `rbd pool init` tells the user besides its exit code. */
export interface PoolInitResult { warning?: string }

/** Registers a pool that `ceph osd pool create` made to rbd, as librbd's pool init. A missing pool
 *  fails with rbd's own `error opening pool` line (errno 2), with the command that creates it
 *  appended: scripts that match real rbd's text by prefix or substring still match. A pool of
 *  another application is left alone with rbd's warning and exit 0, as real rbd does. */
export async function poolInit(backend: Backend, pool: string, force = false): Promise<PoolInitResult> {
  try {
    if (await backend.poolInit(pool, force)) return {};
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT) && e.message.startsWith('error opening pool')) {
      throw new RbdError(Errno.ENOENT, `${e.message} (create it with: ceph osd pool create ${quoteArg(pool)})`);
    }
    throw e;
  }
  return { warning: 'rbd: pool already registered to a different application.' };
}

/** The pool name as a shell word in the hint: quoted (control characters escaped) when it needs to be. */
function quoteArg(s: string): string {
  return /^[A-Za-z0-9._@%+=:,/-]+$/.test(s) ? s : quoteName(s);
}
