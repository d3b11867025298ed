// The `ceph` command's subcommands as the monitor's own commands (librados mon_command), with
// JSON output so that both backends hand the domain the same data.
import { Errno, isRbdError } from '../../errors.js';
import type { AdminApi } from '../backend.js';
import type { AuthEntry, ConfigEntry } from '../types.js';
import type { NativeCluster } from './native.js';

/** `{mon: 'profile rbd', osd: ...}` → the mon's `caps` argument `['mon', 'profile rbd', ...]`. */
const capsArg = (caps: Record<string, string>): string[] => Object.entries(caps).flat();

interface StatusJson {
  health?: { status?: string };
  quorum_names?: string[];
  monmap?: { num_mons?: number };
  osdmap?: { num_osds?: number; num_up_osds?: number; num_in_osds?: number };
  mgrmap?: { available?: boolean; num_standbys?: number };
}

export function adminApi(c: NativeCluster): Omit<AdminApi, 'osdPoolApplicationEnable'> {
  const mon = async (cmd: Record<string, unknown>) => c.command('mon', cmd);
  const json = async <T>(cmd: Record<string, unknown>): Promise<T> => JSON.parse((await mon({ ...cmd, format: 'json' })).out) as T;
  return {
    authList: async () => (await json<{ auth_dump: AuthEntry[] }>({ prefix: 'auth ls' })).auth_dump
      .map((e) => ({ entity: e.entity, key: e.key, caps: e.caps ?? {} })),
    authGet: async (entity) => {
      try {
        const [e] = await json<AuthEntry[]>({ prefix: 'auth get', entity });
        return e && { entity: e.entity, key: e.key, caps: e.caps ?? {} };
      } catch (err) {
        if (isRbdError(err, Errno.ENOENT)) return undefined;
        throw err;
      }
    },
    authGetOrCreate: async (entity, caps) => {
      const [e] = await json<AuthEntry[]>({ prefix: 'auth get-or-create', entity, caps: capsArg(caps) });
      return { entity: e!.entity, key: e!.key, caps: e!.caps ?? {} };
    },
    authCaps: async (entity, caps) => { await mon({ prefix: 'auth caps', entity, caps: capsArg(caps) }); },
    authDel: async (entity) => !/does not exist/.test((await mon({ prefix: 'auth del', entity })).status),
    osdPoolCreate: async (pool) => !/already exists/.test((await mon({ prefix: 'osd pool create', pool })).status),
    osdPoolDelete: async (pool) =>
      !/does not exist/.test((await mon({ prefix: 'osd pool delete', pool, pool2: pool, yes_i_really_really_mean_it: true })).status),
    configSetFor: async (who, name, value) => { await mon({ prefix: 'config set', who, name, value }); },
    configRmFor: async (who, name) => { await mon({ prefix: 'config rm', who, name }); },
    configGetFor: async (who, key) => (await mon({ prefix: 'config get', who, key })).out.replace(/\n$/, ''),
    configDump: async () => (await json<ConfigEntry[]>({ prefix: 'config dump' }))
      .map((e) => ({ section: e.section, name: e.name, value: e.value })),
    clusterHealth: async () => {
      const s = await json<StatusJson>({ prefix: 'status' });
      const o = s.osdmap ?? {};
      const mons = s.monmap?.num_mons ?? 0;
      return {
        status: s.health?.status ?? 'HEALTH_UNKNOWN',
        services: [
          { name: 'mon', summary: `${mons} daemon${mons === 1 ? '' : 's'}, quorum ${(s.quorum_names ?? []).join(',')}` },
          { name: 'osd', summary: `${o.num_osds ?? 0} osds: ${o.num_up_osds ?? 0} up, ${o.num_in_osds ?? 0} in` },
        ],
      };
    },
  };
}
