import { Errno, RbdError } from '../../errors.js';
import type { PoolApi } from '../backend.js';
import type { LocalCore } from './core.js';

export function poolApi(core: LocalCore): Omit<PoolApi, 'poolInit'> {
  return {
    listPools: async () =>
      (core.store.db.prepare('SELECT name FROM pools ORDER BY id').all() as { name: string }[]).map((r) => r.name),
    poolId: async (pool) => core.store.poolId(pool),
    listNamespaces: async (pool) => {
      const id = core.store.poolId(pool);
      return (core.store.db.prepare('SELECT name FROM namespaces WHERE pool_id = ? ORDER BY name').all(id) as { name: string }[])
        .map((r) => r.name);
    },
    namespaceExists: async (ref) => {
      if (ref.namespace === '') return true;
      const id = core.store.poolId(ref.pool);
      return !!core.store.db.prepare('SELECT 1 FROM namespaces WHERE pool_id = ? AND name = ?').get(id, ref.namespace);
    },
    createNamespace: async (ref) => {
      const { store } = core;
      store.tx(() => {
        const id = store.poolId(ref.pool);
        const res = store.db.prepare('INSERT OR IGNORE INTO namespaces (pool_id, name) VALUES (?, ?)').run(id, ref.namespace);
        if (!res.changes) throw new RbdError(Errno.EEXIST, `namespace '${ref.namespace}' already exists`);
        store.db.prepare('INSERT OR IGNORE INTO mirror_config (pool_id, namespace) VALUES (?, ?)').run(id, ref.namespace);
      });
    },
  };
}
