import { Errno, RbdError } from '../../errors.js';

/** Placeholder for a backend call not written yet: ENOSYS, as librbd answers an unknown op. */
export function notImplemented(what: string): never {
  throw new RbdError(Errno.ENOSYS, `${what} is not implemented by the local backend yet`);
}
