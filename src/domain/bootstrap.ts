// `rbd mirror pool peer bootstrap create|import`.
import type { Backend } from '../backends/backend.js';
import type { PeerDirection } from '../backends/types.js';
import { Errno, RbdError, isRbdError, strerror, withContext } from '../errors.js';
import { readTokenFile } from './input-files.js';
import { openPool } from './open.js';
import { requireMirroringEnabled, setSiteName } from './pool-mode.js';
import type { ResolvedPool } from './specs.js';
import { decodeToken } from '../rules/token.js';

const IMPORT_FAILED = 'failed to import peer bootstrap token';

/** The token, the same for every pool and every call. */
export async function createBootstrapToken(backend: Backend, ref: ResolvedPool, opts: { siteName?: string }): Promise<string> {
  await openPool(backend, ref);
  await requireMirroringEnabled(backend, ref);
  if (opts.siteName !== undefined) await setSiteName(backend, opts.siteName);
  try {
    return await backend.bootstrapCreate(ref.pool);
  } catch (e) {
    // rbd 16.2 prints this and then an empty token with exit 0; we fail with EEXIST instead.
    if (isRbdError(e, Errno.EEXIST)) throw new RbdError(e.errno, 'mismatch with pre-existing RBD mirroring peer user caps');
    if (isRbdError(e)) throw new RbdError(e.errno, `failed to create mirroring bootstrap token: ${strerror(e.errno)}`);
    throw e;
  }
}

export interface ImportOptions {
  tokenPath?: string;
  direction?: string;
  siteName?: string;
  readStdin: (maxBytes: number) => Promise<string>;
}

export async function importBootstrapToken(backend: Backend, ref: ResolvedPool, opts: ImportOptions): Promise<void> {
  if (!opts.tokenPath) throw new RbdError(Errno.EINVAL, 'token path was not specified');
  const token = await readTokenFile(opts.tokenPath, opts.readStdin);
  await openPool(backend, ref);
  // Decoded here as well as in librbd so that a bad token changes nothing, not even the site
  // name (rbd 16.2 sets --site-name before it looks at the token).
  try {
    decodeToken(token);
  } catch (e) {
    throw withContext(e, IMPORT_FAILED);
  }
  if (opts.siteName !== undefined) await setSiteName(backend, opts.siteName);
  try {
    await backend.bootstrapImport(ref.pool, (opts.direction ?? 'rx-tx') as PeerDirection, token);
  } catch (e) {
    if (isRbdError(e, Errno.ENOSYS)) throw new RbdError(e.errno, 'mirroring is not enabled on remote peer');
    // librbd logs every refusal but a missing remote pool (rbd then prints its line alone)
    if (isRbdError(e)) throw withContext(e, IMPORT_FAILED, { quiet: e.errno === Errno.ENOENT });
    throw e;
  }
}
