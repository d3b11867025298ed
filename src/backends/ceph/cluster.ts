// Cluster identity, config and pools/namespaces over librados + librbd.
import { Errno, isRbdError, RbdError, strerror } from '../../errors.js';
import type { ClusterApi, PoolApi } from '../backend.js';
import { isMissing, type NativeCluster } from './native.js';

interface MonDump { mons: { public_addrs?: { addrvec: { type: string; addr: string; nonce: number }[] } }[] }

/** The monmap as librbd writes it into a bootstrap token: `[v2:ip:port/0,v1:ip:port/0]` per mon. */
export function renderMonHost(dump: MonDump): string {
  return dump.mons
    .map((m) => `[${(m.public_addrs?.addrvec ?? []).map((a) => `${a.type}:${a.addr}/${a.nonce}`).join(',')}]`)
    .join(',');
}

export function clusterApi(c: NativeCluster, clusterName: string): ClusterApi {
  return {
    kind: 'ceph',
    clusterName,
    get entityName() { return c.entityName; },
    identity: async () => {
      const [fsid, mons] = await Promise.all([
        c.call<string>('fsid'),
        c.command('mon', { prefix: 'mon dump', format: 'json' }),
      ]);
      return { fsid, monHost: renderMonHost(JSON.parse(mons.out) as MonDump) };
    },
    // librados applies command-line overrides and the mon's config database at connect time.
    getConfig: async (name) => {
      try {
        return await c.call<string>('conf_get', name);
      } catch (e) {
        if (isMissing(e)) throw new RbdError(Errno.ENOENT, `unrecognized config option '${name}'`);
        throw e;
      }
    },
    setConfig: async (name, value) => {
      if (value === undefined) await c.command('mon', { prefix: 'config rm', who: 'global', name });
      else await c.command('mon', { prefix: 'config set', who: 'global', name, value });
    },
    // `ceph config dump`: the global section's stored settings.
    listConfig: async () => {
      const dump = JSON.parse((await c.command('mon', { prefix: 'config dump', format: 'json' })).out) as { section: string; name: string; value: string }[];
      return Object.fromEntries(dump.filter((e) => e.section === 'global').map((e) => [e.name, e.value]));
    },
    close: () => c.close(),
  };
}

export function poolApi(c: NativeCluster): Omit<PoolApi, 'poolInit'> {
  return {
    listPools: () => c.call<string[]>('pool_list'),
    poolId: async (pool) => {
      try {
        return await c.call<number>('pool_lookup', pool);
      } catch (e) {
        if (isMissing(e)) throw new RbdError(Errno.ENOENT, `error opening pool '${pool}': ${strerror(Errno.ENOENT)}`);
        throw e;
      }
    },
    listNamespaces: async (pool) => (await c.call<string[]>('namespace_list', pool, '')).sort(),
    namespaceExists: async (ref) => ref.namespace === '' || c.call<boolean>('namespace_exists', ref.pool, '', ref.namespace),
    createNamespace: async (ref) => {
      try {
        await c.call('namespace_create', ref.pool, '', ref.namespace);
      } catch (e) {
        if (isRbdError(e, Errno.EEXIST)) throw new RbdError(Errno.EEXIST, `namespace '${ref.namespace}' already exists`);
        throw e;
      }
    },
  };
}
