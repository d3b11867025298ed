// `rbd rename|mv <src> <dest>`: the rbd tool's checks (tools/rbd/action/Rename.cc) around
// librbd's rename. The destination's pool and namespace default to the source's.
import type { Backend } from '../backends/backend.js';
import { Errno, RbdError } from '../errors.js';
import { librbdFailure } from './image-failure.js';
import { openPool } from './open.js';
import { extractSpec, type ResolvedImage } from './specs.js';

export interface RenameDest { spec?: string; destPool?: string; destNamespace?: string; dest?: string }

/** The destination as rbd resolves it (`--dest*` options, else the second spec). */
export function resolveRenameDest(source: ResolvedImage, d: RenameDest): { pool: string; namespace: string; image: string } {
  let pool = d.destPool ?? '';
  let namespace = d.destNamespace ?? '';
  let image = d.dest ?? '';
  let snap: string | undefined;
  const text = image || d.spec;
  if (text) {
    const parts = extractSpec(text, 'none');
    if (parts.pool !== undefined) pool = parts.pool;
    if (parts.namespace !== undefined) namespace = parts.namespace;
    image = parts.image;
    snap = parts.snap;
  }
  if (!image) throw new RbdError(Errno.EINVAL, 'destination image name was not specified');
  if (snap) throw new RbdError(Errno.EINVAL, "destination snapshot name specified for a command that doesn't use it");
  // a destination that names its pool names its namespace too ('' = the default one)
  return { pool: pool || source.pool, namespace: pool || d.destNamespace !== undefined ? namespace : source.namespace, image };
}

export async function renameImage(backend: Backend, source: ResolvedImage, d: RenameDest): Promise<void> {
  const dest = resolveRenameDest(source, d);
  if (dest.pool !== source.pool) {
    throw new RbdError(Errno.EINVAL, `mv/rename across pools not supported: source pool: ${source.pool} dest pool: ${dest.pool}`);
  }
  if (dest.namespace !== source.namespace) throw new RbdError(Errno.EINVAL, 'mv/rename across namespaces not supported');
  await openPool(backend, source);
  try {
    await backend.renameImage(source, dest.image);
  } catch (e) {
    librbdFailure(e, 'rename error', [Errno.EEXIST, Errno.ENOENT, Errno.EROFS]);
  }
}
