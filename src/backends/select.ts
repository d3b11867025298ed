// Which backend serves a call: --backend / RBDM_BACKEND, else `ceph` when a Ceph config for the
// cluster exists (-c, $CEPH_CONF, /etc/ceph/<cluster>.conf) and is not a local cluster's, else `local`.
import { configSaysCeph } from '../config/conf-file.js';
import { Errno, RbdError } from '../errors.js';
import type { Backend, BackendOptions } from './backend.js';

export type BackendKind = 'local' | 'ceph';

export function chooseBackend(opts: BackendOptions, explicit: string | undefined, env: NodeJS.ProcessEnv): BackendKind {
  const wanted = explicit ?? env.RBDM_BACKEND;
  if (wanted === 'local' || wanted === 'ceph') return wanted;
  if (wanted) throw new RbdError(Errno.EINVAL, `unknown backend '${wanted}' (use local or ceph)`);
  if (configSaysCeph(opts, env)) return 'ceph';
  return 'local';
}

export async function openBackend(kind: BackendKind, opts: BackendOptions, env: NodeJS.ProcessEnv): Promise<Backend> {
  if (kind === 'local') {
    const { createLocalBackend } = await import('./local/index.js');
    return createLocalBackend(opts, env);
  }
  const { createCephBackend } = await import('./ceph/index.js');
  return createCephBackend(opts, env);
}
