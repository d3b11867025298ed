// `rbd namespace create | ls` (tools/rbd/action/Namespace.cc).
import type { Backend } from '../backends/backend.js';
import { Errno, RbdError } from '../errors.js';
import { librbdFailure } from './image-failure.js';
import { openPool } from './open.js';
import type { ResolvedPool } from './specs.js';

export async function createNamespace(backend: Backend, ref: ResolvedPool): Promise<void> {
  if (!ref.namespace) throw new RbdError(Errno.EINVAL, 'namespace name was not specified');
  await openPool(backend, { ...ref, namespace: '' });
  try {
    await backend.createNamespace(ref);
  } catch (e) {
    // rbd's own wording, typo included
    librbdFailure(e, 'failed to created namespace', [Errno.EEXIST]);
  }
}

export async function listNamespaces(backend: Backend, ref: ResolvedPool): Promise<string[]> {
  await openPool(backend, ref);
  try {
    return await backend.listNamespaces(ref.pool);
  } catch (e) {
    librbdFailure(e, 'failed to list namespaces');
  }
}
