// The cluster names completion offers, read through the backend the completed line would use
// (its --cluster, --backend, -c, ...). The backend is opened on the first name asked for, so
// completing a command word or an option never touches a store or a cluster.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, BackendOptions } from '../backends/backend.js';
import { rbdmHome } from '../backends/local/store.js';
import { chooseBackend, openBackend } from '../backends/select.js';
import type { ScannedLine } from './completion-scan.js';
import type { ClusterNames } from './completion-words.js';

/** A Tab press must not hang on a monitor that does not answer (librados waits 300 s). */
const CEPH_TIMEOUTS = { client_mount_timeout: '5', rados_mon_op_timeout: '5' };

export function clusterNames(line: ScannedLine, env: NodeJS.ProcessEnv): ClusterNames & { close(): Promise<void> } {
  const o = line.options;
  const opts: BackendOptions = {
    cluster: o.get('cluster') ?? 'ceph', conf: o.get('conf'), id: o.get('id'), name: o.get('name'),
    keyring: o.get('keyring'), keyfile: o.get('keyfile'), monHost: o.get('mon-host') ?? line.config.mon_host,
    configOverrides: line.config,
  };
  let opened: Promise<Backend> | undefined;
  const backend = () => (opened ??= (async () => {
    const kind = chooseBackend(opts, o.get('backend'), env);
    return openBackend(kind, kind === 'ceph' ? { ...opts, configOverrides: { ...CEPH_TIMEOUTS, ...opts.configOverrides } } : opts, env);
  })());
  return {
    pools: async () => (await backend()).listPools(),
    namespaces: async (pool) => (await backend()).listNamespaces(pool),
    images: async (pool, namespace) => (await backend()).listImages({ pool, namespace }),
    snaps: async (pool, namespace, image) => (await (await backend()).listSnaps({ pool, namespace, image })).map((s) => s.name),
    defaultPool: async () => line.config.rbd_default_pool ?? (await backend()).getConfig('rbd_default_pool'),
    clusters: async () => [...localClusters(env), ...cephConfClusters()],
    close: async () => { if (opened) await (await opened.catch(() => undefined))?.close().catch(() => undefined); },
  };
}

function localClusters(env: NodeJS.ProcessEnv): string[] {
  const home = rbdmHome(env);
  try {
    return readdirSync(home).filter((d) => existsSync(join(home, d, 'cluster.db')));
  } catch {
    return [];
  }
}

function cephConfClusters(): string[] {
  try {
    return readdirSync('/etc/ceph').filter((f) => f.endsWith('.conf')).map((f) => f.slice(0, -'.conf'.length));
  } catch {
    return [];
  }
}
