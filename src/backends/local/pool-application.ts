// Pool applications (`ceph osd pool application enable`, `rbd pool init`) on a local cluster.
// The pools.application column holds the enabled applications, comma-separated and sorted; NULL
// (or '') is a pool nobody has claimed yet, as `ceph osd pool create` leaves it.
import { Errno, RbdError } from '../../errors.js';
import type { LocalCore } from './core.js';
import type { LocalStore } from './store.js';

interface PoolRow { id: number; application: string | null }

function poolRow(store: LocalStore, pool: string): PoolRow | undefined {
  return store.db.prepare('SELECT id, application FROM pools WHERE name = ?').get(pool) as PoolRow | undefined;
}

function applications(row: PoolRow): string[] {
  return (row.application ?? '').split(',').filter(Boolean);
}

function setApplications(store: LocalStore, row: PoolRow, apps: string[]): void {
  store.db.prepare('UPDATE pools SET application = ? WHERE id = ?').run([...new Set(apps)].sort().join(','), row.id);
}

/** The monitor's rule: a second application needs --yes-i-really-mean-it. */
function enable(store: LocalStore, pool: string, app: string, sure: boolean): void {
  store.tx(() => {
    const row = poolRow(store, pool);
    if (!row) throw new RbdError(Errno.ENOENT, `unrecognized pool '${pool}'`);
    const apps = applications(row);
    if (apps.includes(app)) return;
    if (apps.length && !sure) {
      throw new RbdError(Errno.EPERM, `Are you SURE? Pool '${pool}' already has an enabled application; pass --yes-i-really-mean-it to proceed anyway`);
    }
    setApplications(store, row, [...apps, app]);
  });
}

/** librbd's pool init: the pool must exist (rbd's `error opening pool`); a pool of another
 *  application is left alone unless forced. */
function init(store: LocalStore, pool: string, force: boolean): boolean {
  return store.tx(() => {
    const id = store.poolId(pool);
    const row = { id, application: poolRow(store, pool)!.application };
    const apps = applications(row);
    if (!apps.includes('rbd')) {
      if (apps.length && !force) return false;
      setApplications(store, row, [...apps, 'rbd']);
    }
    store.db.prepare("INSERT OR IGNORE INTO mirror_config (pool_id, namespace) VALUES (?, '')").run(id);
    return true;
  });
}

export function poolApplicationApi(core: LocalCore) {
  return {
    osdPoolApplicationEnable: async (pool: string, app: string, sure: boolean) => enable(core.store, pool, app, sure),
    poolInit: async (pool: string, force = false) => init(core.store, pool, force),
  };
}
