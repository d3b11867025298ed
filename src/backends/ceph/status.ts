// Mirror status (rbd_mirror_image_get_global_status / _global_status_list) and the rbd-mirror
// daemons of the mgr service map (`service dump` for metadata, `service status` for per-pool state).
import type { MirrorImageApi } from '../backend.js';
import type { DaemonServiceRef, ImageGlobalStatus, MirrorDaemon } from '../types.js';
import { globalStatus, type RawGlobalStatus, type RawMirrorInfo } from './convert.js';
import { imageArgs } from './images.js';
import type { NativeCluster } from './native.js';

/** A daemon's per-pool entry also carries the pool replayer's instance id, which is what rbd shows
 *  as the daemon's `instance_id` for that pool (it differs from pool to pool on Ceph). */
export type CephPoolEntry = MirrorDaemon['pools'][string] & { instanceId: string };

export type MirrorStatusApi = Pick<MirrorImageApi, 'mirrorImageGlobalStatus' | 'mirrorImageStatusList' | 'mirrorDaemons'>;

interface ServiceDump { services?: Record<string, { daemons?: Record<string, { metadata?: Record<string, string> } | string> }> }
interface ServiceStatus { [type: string]: Record<string, { status?: { json?: string } }> }
interface PoolStatus { instance_id?: string; leader?: boolean; callouts?: Record<string, { level?: string; text?: string }> | { level?: string; text?: string }[] }

async function daemons(c: NativeCluster): Promise<MirrorDaemon[]> {
  const [dump, status] = await Promise.all([
    c.command('mgr', { prefix: 'service dump', format: 'json' }),
    c.command('mgr', { prefix: 'service status', format: 'json' }).catch(() => ({ out: '{}' })),
  ]);
  const map = (JSON.parse(dump.out) as ServiceDump).services?.['rbd-mirror']?.daemons ?? {};
  const states = (JSON.parse(status.out || '{}') as ServiceStatus)['rbd-mirror'] ?? {};
  const out: MirrorDaemon[] = [];
  for (const [gid, d] of Object.entries(map)) {
    if (typeof d !== 'object') continue;                  // the "summary" entry
    const md = d.metadata ?? {};
    const pools: MirrorDaemon['pools'] = {};
    const json = states[gid]?.status?.json;
    if (json) {
      for (const [poolId, p] of Object.entries(JSON.parse(json) as Record<string, PoolStatus>)) {
        const callouts = Array.isArray(p.callouts) ? p.callouts : Object.values(p.callouts ?? {});
        const entry: CephPoolEntry = {
          instanceId: p.instance_id ?? '',
          leader: !!p.leader,
          callouts: callouts.map((x) => ({ level: x.level === 'error' ? 'error' : 'warning', text: x.text ?? '' })),
        };
        pools[poolId] = entry;
      }
    }
    out.push({
      serviceId: gid, instanceId: md.instance_id ?? gid, clientId: md.id ?? '', hostname: md.hostname ?? '',
      version: md.ceph_version_short ?? '', pools,
    });
  }
  return out.sort((a, b) => Number(a.serviceId) - Number(b.serviceId));
}

/** The daemon whose pool replayer for `poolId` has the image's instance id. */
function daemonRef(list: MirrorDaemon[], poolId: number, instanceId: string | undefined): DaemonServiceRef | undefined {
  if (!instanceId) return undefined;
  const d = list.find((x) => (x.pools[String(poolId)] as CephPoolEntry | undefined)?.instanceId === instanceId);
  return d && { serviceId: d.serviceId, instanceId, daemonId: d.clientId, hostname: d.hostname };
}

/** The daemon is shown only while the local site's status is up, as rbd does. */
function withDaemon(s: ImageGlobalStatus, ref: DaemonServiceRef | undefined): ImageGlobalStatus {
  const local = s.sites.find((x) => x.mirrorUuid === '');
  return ref && local?.up ? { ...s, daemon: ref } : s;
}

export function mirrorStatusApi(c: NativeCluster): MirrorStatusApi {
  return {
    mirrorImageGlobalStatus: async (ref) => {
      const raw = await c.call<RawGlobalStatus & { mode: number; instance_id: string }>('mirror_global_status', ...imageArgs(ref));
      const status = globalStatus(raw, raw.mode);
      if (!raw.instance_id) return status;
      const [list, poolId] = await Promise.all([daemons(c), c.call<number>('pool_lookup', ref.pool)]);
      return withDaemon(status, daemonRef(list, poolId, raw.instance_id));
    },
    // The status list's info lacks the promotion state: take it (and the mode) from the info list.
    mirrorImageStatusList: async (ref) => {
      const args = [ref.pool, ref.namespace] as const;
      const [statuses, infos, instances, list, poolId] = await Promise.all([
        c.call<RawGlobalStatus[]>('mirror_status_list', ...args),
        c.call<(RawMirrorInfo & { id: string; mode: number })[]>('mirror_info_list', ...args),
        c.call<Record<string, string>>('mirror_instance_list', ...args),
        daemons(c),
        c.call<number>('pool_lookup', ref.pool),
      ]);
      const infoById = new Map(infos.map((i) => [i.id, i]));
      return statuses
        .map((s) => {
          const info = infoById.get(s.id ?? '');
          const status = globalStatus(info ? { ...s, info } : s, info?.mode);
          return withDaemon(status, daemonRef(list, poolId, instances[s.id ?? '']));
        })
        .filter((s) => s.info.state !== 'disabled')
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    mirrorDaemons: () => daemons(c),
  };
}
