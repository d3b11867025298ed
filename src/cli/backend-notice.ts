// Which backend served a call is silent when it is the obvious one. It is not obvious when a Ceph
// config made the choice and a local cluster of the same name exists too: a mutating command then
// says, in one stderr line, which backend and cluster it used.
import { existsSync } from 'node:fs';
import type { BackendOptions } from '../backends/backend.js';
import type { BackendKind } from '../backends/select.js';
import { quoteName } from '../errors.js';

/** The rule, as `rbd help` and the man page state it. */
export const BACKEND_RULE =
  'Backend (rbdm): --backend or RBDM_BACKEND decides; otherwise ceph when a Ceph config for the cluster exists ' +
  '(-c, $CEPH_CONF, /etc/ceph/<cluster>.conf), else local. A command that changes something says on stderr ' +
  'when ceph was chosen this way although a local cluster of that name exists.';

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
  if (kind !== 'ceph' || explicit !== undefined || env.RBDM_BACKEND || !isMutating(path)) return undefined;
  // loaded only here: the store module pulls in SQLite
  const { clusterDir, DB_FILE } = await import('../backends/local/store.js');
  let dir: string;
  try {
    dir = clusterDir(opts.cluster, env);
  } catch {
    return undefined;
  }
  if (!existsSync(`${dir}/${DB_FILE}`)) return undefined;
  const conf = opts.conf ?? env.CEPH_CONF ?? `/etc/ceph/${opts.cluster}.conf`;
  return `rbd: note: using the ceph backend for cluster ${quoteName(opts.cluster)} (${conf} exists), ` +
    `not the local cluster of that name in ${dir}; pass --backend local for that one`;
}
