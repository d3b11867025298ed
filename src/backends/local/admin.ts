// The monitor's side of the `ceph` command on a local cluster: cephx users (table auth), pools,
// and the config database. The global section is the `config` table `rbd config global` uses;
// client sections are config-key entries `config/<section>/<name>`, the mon's own key layout.
import { CONFIG_OPTIONS } from '../../config/options.js';
import { Errno, RbdError } from '../../errors.js';
import type { AdminApi } from '../backend.js';
import type { AuthEntry, ConfigEntry } from '../types.js';
import { CLIENT_CONFIG_PREFIX, type LocalCore } from './core.js';
import { newCephxKey, type LocalStore } from './store.js';


interface AuthRow { entity: string; key: string; caps: string }

function entry(row: AuthRow): AuthEntry {
  return { entity: row.entity, key: row.key, caps: JSON.parse(row.caps) as Record<string, string> };
}

function authRow(store: LocalStore, entity: string): AuthRow | undefined {
  return store.db.prepare('SELECT entity, key, caps FROM auth WHERE entity = ?').get(entity) as AuthRow | undefined;
}

/** Caps as the mon keeps them: by service name, sorted. */
function sortedCaps(caps: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(caps).sort(([a], [b]) => a.localeCompare(b))));
}

/** Client-section options (`client`, `client.<id>`) stored as config-key entries. */
export function clientSectionConfig(store: LocalStore): ConfigEntry[] {
  const rows = store.db.prepare("SELECT key, value FROM config_key WHERE key LIKE 'config/%' ORDER BY key").all() as
    { key: string; value: string }[];
  return rows.map((r) => {
    const rest = r.key.slice(CLIENT_CONFIG_PREFIX.length);
    const slash = rest.lastIndexOf('/');
    return { section: rest.slice(0, slash), name: rest.slice(slash + 1), value: r.value };
  });
}

export function adminApi(core: LocalCore): Omit<AdminApi, 'osdPoolApplicationEnable'> {
  return {
    authList: async () =>
      (core.store.db.prepare('SELECT entity, key, caps FROM auth ORDER BY entity').all() as AuthRow[]).map(entry),
    authGet: async (entity) => {
      const row = authRow(core.store, entity);
      return row && entry(row);
    },
    authGetOrCreate: async (entity, caps) => {
      const { store } = core;
      return store.tx(() => {
        const row = authRow(store, entity);
        if (row) {
          const have = entry(row);
          for (const [svc, cap] of Object.entries(caps)) {
            if (have.caps[svc] !== cap) throw new RbdError(Errno.EINVAL, `key for ${entity} exists but cap ${svc} does not match`);
          }
          return have;
        }
        const created: AuthRow = { entity, key: newCephxKey(), caps: sortedCaps(caps) };
        store.db.prepare('INSERT INTO auth (entity, key, caps) VALUES (?, ?, ?)').run(created.entity, created.key, created.caps);
        return entry(created);
      });
    },
    authCaps: async (entity, caps) => {
      const res = core.store.db.prepare('UPDATE auth SET caps = ? WHERE entity = ?').run(sortedCaps(caps), entity);
      if (!res.changes) throw new RbdError(Errno.ENOENT, `couldn't find entry ${entity}`);
    },
    authDel: async (entity) => core.store.db.prepare('DELETE FROM auth WHERE entity = ?').run(entity).changes > 0,

    osdPoolCreate: async (pool) => {
      const store = core.createStore();
      return store.tx(() => {
        const res = store.db.prepare('INSERT OR IGNORE INTO pools (name, application, created) VALUES (?, NULL, ?)').run(pool, Date.now());
        if (!res.changes) return false;
        store.db.prepare("INSERT OR IGNORE INTO mirror_config (pool_id, namespace) VALUES (?, '')").run(store.poolId(pool));
        return true;
      });
    },
    osdPoolDelete: async (pool) => {
      const { store } = core;
      return store.tx(() => {
        const row = store.db.prepare('SELECT id FROM pools WHERE name = ?').get(pool) as { id: number } | undefined;
        if (!row) return false;
        // what lives outside the pool's rows: peer attributes and schedules keyed by pool id
        store.db.prepare("DELETE FROM config_key WHERE key LIKE 'rbd/mirror/peer/' || ? || '/%'").run(row.id);
        store.db.prepare("DELETE FROM schedules WHERE level LIKE ? || '/%'").run(row.id);
        store.db.prepare('DELETE FROM pools WHERE id = ?').run(row.id);
        return true;
      });
    },

    configSetFor: async (who, name, value) => {
      const { store } = core;
      store.tx(() => {
        if (who === 'global') {
          store.db.prepare('INSERT INTO config (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
        } else {
          store.setConfigKey(`${CLIENT_CONFIG_PREFIX}${who}/${name}`, value);
        }
      });
    },
    configRmFor: async (who, name) => {
      const { store } = core;
      store.tx(() => {
        if (who === 'global') store.db.prepare('DELETE FROM config WHERE name = ?').run(name);
        else store.setConfigKey(`${CLIENT_CONFIG_PREFIX}${who}/${name}`, undefined);
      });
    },
    configGetFor: async (who, name) => {
      const { store } = core;
      const sections = who === 'client' ? ['client'] : [who, 'client'];
      for (const section of sections) {
        const v = store.getConfigKey(`${CLIENT_CONFIG_PREFIX}${section}/${name}`);
        if (v !== undefined) return v;
      }
      const row = store.db.prepare('SELECT value FROM config WHERE name = ?').get(name) as { value: string } | undefined;
      return row?.value ?? CONFIG_OPTIONS[name]?.default ?? '';
    },
    configDump: async () => {
      const { store } = core;
      const global = (store.db.prepare('SELECT name, value FROM config ORDER BY name').all() as { name: string; value: string }[])
        .map((r) => ({ section: 'global', ...r }));
      return [...global, ...clientSectionConfig(store)];
    },
    clusterHealth: async () => {
      core.store.identity();
      return { status: 'HEALTH_OK', services: [] };
    },
  };
}
