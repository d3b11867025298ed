// Which backend served a call is silent when it is the obvious one. It is not obvious when a local
// cluster and a Ceph cluster of the same name both exist (a local cluster's own ceph.conf in
// $RBDM_HOME wins over /etc/ceph; a local cluster made before it had one loses to /etc/ceph): a
// mutating command then says, in one stderr line, which backend and cluster it used.
import { existsSync } from 'node:fs';
import type { BackendOptions } from '../backends/backend.js';
import type { BackendKind } from '../backends/select.js';
import { quoteName } from '../errors.js';

/** The rule, as `rbd help` and the man page state it. */
export const BACKEND_RULE =
  'Backend (rbdm): --backend or RBDM_BACKEND decides; otherwise the first Ceph config found (-c, $CEPH_CONF, ' +
  '$RBDM_HOME/<cluster>/ceph.conf, /etc/ceph/<cluster>.conf) decides: a local cluster\'s own config says local, ' +
  'any other says ceph; with none, local. A command that changes something says on stderr which one it used ' +
  'when a local and a Ceph cluster of that name both exist.';

/** Commands that change nothing: they never get the notice. */
const READ_ONLY = new Set([
  'list', 'info', 'disk-usage', 'export', 'snap list', 'namespace list', 'config global get', 'config global list',
  'mirror pool info', 'mirror pool status', 'mirror image status', 'mirror snapshot schedule list',
  'mirror snapshot schedule status',
]);

export function isMutating(path: readonly string[]): boolean {
  return !READ_ONLY.has(path.join(' '));
}

/** The notice line, or undefined when the choice needs no comment. */
export async function implicitBackendNotice(kind: BackendKind, opts: BackendOptions, explicit: string | undefined,
  env: NodeJS.ProcessEnv, path: readonly string[]): Promise<string | undefined> {
  if (explicit !== undefined || env.RBDM_BACKEND || !isMutating(path)) return undefined;
  // loaded only here: the store module pulls in SQLite
  const { clusterDir, DB_FILE } = await import('../backends/local/store.js');
  let dir: string;
  try {
    dir = clusterDir(opts.cluster, env);
  } catch {
    return undefined;
  }
  if (!existsSync(`${dir}/${DB_FILE}`)) return undefined;
  const name = quoteName(opts.cluster);
  if (kind === 'ceph') {
    const conf = opts.conf ?? env.CEPH_CONF ?? `/etc/ceph/${opts.cluster}.conf`;
    return `rbd: note: using the ceph backend for cluster ${name} (${conf} exists), ` +
      `not the local cluster of that name in ${dir}; pass --backend local for that one`;
  }
  const systemConf = `/etc/ceph/${opts.cluster}.conf`;
  if (opts.conf || env.CEPH_CONF || !existsSync(systemConf)) return undefined;
  return `rbd: note: using the local cluster ${name} in ${dir}, ` +
    `not the ceph cluster of ${systemConf}; pass --backend ceph for that one`;
}
