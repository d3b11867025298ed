// Mirror status records and the rbd-mirror daemon registry (the service map), as read by
// `mirror image status` and `mirror pool status`.
//
// CONTRACT FOR THE rbd-mirror DAEMON (the only writer of these two tables; rbd only reads them):
//
// mirror_daemons — one row per running daemon process (Ceph's service map entry):
//   gid          unique integer per daemon process (Ceph's service id; shown as `service <gid>:`)
//   instance_id  the daemon's instance id (string; Ceph uses the rados client id)
//   client_id    auth id without `client.` (e.g. `mirror.0`); shown as `client_id` / `daemon_id`
//   hostname, version (`16.2.15` style), pid, started (unix ms)
//   heartbeat    unix ms; refresh it at least every 5 s. The daemon, and every status record
//                whose daemon_gid is this gid, is `up` while liveness.isDaemonRowUp(row, now, host).
//                Delete the row on clean shutdown; a crashed daemon simply goes stale.
//   pools        JSON {"<pool_id>": {"leader": bool, "callouts": [{"level": "warning"|"error",
//                "text": "..."}]}} — one entry per pool the daemon serves (= reports status for);
//                a missing entry means "not reporting status for pool" (daemon health WARNING).
//
// mirror_status — one row per (pool_id, namespace, global_id, mirror_uuid):
//   mirror_uuid  '' = the status of the LOCAL copy, written by the local daemon into its own
//                cluster; '<local pool mirror uuid>' = the same status written by that daemon
//                into the REMOTE cluster's store (what the remote side shows under peer_sites).
//   state        index into SITE_STATES (backends/types.ts): 0 unknown, 1 error, 2 syncing,
//                3 starting_replay, 4 replaying, 5 stopping_replay, 6 stopped
//   description  free text, e.g. `local image is primary`, `replaying, {...json...}`
//   last_update  unix SECONDS of the last write
//   daemon_gid   gid of the writing daemon. For local rows ('' mirror uuid) it decides up/down
//                (see heartbeat above). A peer row was written by the REMOTE cluster's daemon,
//                whose gid means nothing here: it is up while last_update is fresh (the writer
//                refreshes it every 5 s), by the same window.
// Upsert with INSERT ... ON CONFLICT DO UPDATE inside one transaction per batch. Delete the rows
// of an image when its mirroring is disabled (disableImageMirroring already does for local rows).
import type { MirrorImageApi } from '../backend.js';
import type {
  DaemonServiceRef, ImageGlobalStatus, MirrorDaemon, MirrorImageInfo,
  PromotionState, SiteStatus,
} from '../types.js';
import { IMAGE_MIRROR_MODES, IMAGE_MIRROR_STATES, SITE_STATES } from '../types.js';
import { Errno, RbdError } from '../../errors.js';
import type { LocalCore } from './core.js';
import { hostname } from 'node:os';
import { isDaemonRowUp, isDaemonUp } from './liveness.js';

export type MirrorStatusApi = Pick<MirrorImageApi, 'mirrorImageGlobalStatus' | 'mirrorImageStatusList' | 'mirrorDaemons'>;

interface ImageRow { id: string; name: string; global_id: string | null; mode: number | null; state: number | null; promotion: string | null }
interface StatusRow { global_id: string; mirror_uuid: string; state: number; description: string; last_update: number; daemon_gid: number | null }
interface DaemonRow { gid: number; instance_id: string; client_id: string; hostname: string; version: string; pid: number | null; heartbeat: number; pools: string }

const DISABLED_INFO: MirrorImageInfo = { globalId: '', state: 'disabled', mode: 'journal', primary: false, promotionState: 'unknown' };

function infoFromRow(r: ImageRow): MirrorImageInfo {
  if (r.global_id === null) return DISABLED_INFO;
  const promotionState = (r.promotion ?? 'unknown') as PromotionState;
  return {
    globalId: r.global_id,
    state: IMAGE_MIRROR_STATES[r.state ?? 2] ?? 'disabled',
    mode: IMAGE_MIRROR_MODES[r.mode ?? 0] ?? 'journal',
    primary: promotionState === 'primary',
    promotionState,
  };
}

/** The daemons of the store by gid, with their liveness at `now`. */
function loadDaemons(core: LocalCore, now: number): Map<number, DaemonRow & { up: boolean }> {
  const rows = core.store.db.prepare('SELECT gid, instance_id, client_id, hostname, version, pid, heartbeat, pools FROM mirror_daemons').all() as DaemonRow[];
  const host = hostname();
  return new Map(rows.map((r) => [r.gid, { ...r, up: isDaemonRowUp(r, now, host) }]));
}

/** Assembles global statuses: one per image row, the sites from its status rows. */
function assemble(images: ImageRow[], statuses: StatusRow[], daemons: ReturnType<typeof loadDaemons>, now: number): ImageGlobalStatus[] {
  const byGlobalId = new Map<string, StatusRow[]>();
  for (const s of statuses) {
    const list = byGlobalId.get(s.global_id);
    if (list) list.push(s);
    else byGlobalId.set(s.global_id, [s]);
  }
  return images.map((img) => {
    const info = infoFromRow(img);
    const rows = img.global_id === null ? [] : byGlobalId.get(img.global_id) ?? [];
    let daemon: DaemonServiceRef | undefined;
    const sites: SiteStatus[] = rows.map((r) => {
      const d = r.mirror_uuid !== '' || r.daemon_gid === null ? undefined : daemons.get(r.daemon_gid);
      const up = r.mirror_uuid === '' ? !!d?.up : isDaemonUp(r.last_update * 1000, now);
      if (up && r.mirror_uuid === '' && d) {
        daemon = { serviceId: String(d.gid), instanceId: d.instance_id, daemonId: d.client_id, hostname: d.hostname };
      }
      return {
        mirrorUuid: r.mirror_uuid,
        state: SITE_STATES[r.state] ?? 'unknown',
        description: r.description,
        lastUpdate: r.last_update,
        up,
      };
    });
    return daemon ? { name: img.name, info, sites, daemon } : { name: img.name, info, sites };
  });
}

const IMAGE_COLUMNS = 'i.id, i.name, m.global_id, m.mode, m.state, m.promotion';
const STATUS_COLUMNS = 'global_id, mirror_uuid, state, description, last_update, daemon_gid';

export function mirrorStatusApi(core: LocalCore): MirrorStatusApi {
  return {
    mirrorImageGlobalStatus: async (ref) => {
      const { db } = core.store;
      const poolId = core.store.poolRefId(ref);
      const image = db.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i LEFT JOIN mirror_images m ON m.image_id = i.id
        WHERE i.pool_id = ? AND i.namespace = ? AND i.name = ?`).get(poolId, ref.namespace, ref.image) as ImageRow | undefined;
      if (!image) throw new RbdError(Errno.ENOENT, `image ${ref.image} does not exist`);
      const statuses = image.global_id === null ? [] : db.prepare(`SELECT ${STATUS_COLUMNS} FROM mirror_status
        WHERE pool_id = ? AND namespace = ? AND global_id = ? ORDER BY mirror_uuid`).all(poolId, ref.namespace, image.global_id) as StatusRow[];
      const now = Date.now();
      return assemble([image], statuses, loadDaemons(core, now), now)[0]!;
    },

    // Three queries whatever the image count: images, their status rows, the daemons.
    mirrorImageStatusList: async (ref) => {
      const { db } = core.store;
      const poolId = core.store.poolRefId(ref);
      const images = db.prepare(`SELECT ${IMAGE_COLUMNS} FROM images i JOIN mirror_images m ON m.image_id = i.id
        WHERE i.pool_id = ? AND i.namespace = ? AND m.state != 2 ORDER BY i.name`).all(poolId, ref.namespace) as ImageRow[];
      const statuses = images.length === 0 ? [] : db.prepare(`SELECT ${STATUS_COLUMNS} FROM mirror_status
        WHERE pool_id = ? AND namespace = ? ORDER BY global_id, mirror_uuid`).all(poolId, ref.namespace) as StatusRow[];
      const now = Date.now();
      return assemble(images, statuses, loadDaemons(core, now), now);
    },

    // Only live daemons are in the service map (the mgr drops a daemon whose beacons stop).
    mirrorDaemons: async (): Promise<MirrorDaemon[]> => {
      const daemons = [...loadDaemons(core, Date.now()).values()].filter((d) => d.up);
      return daemons.map((d) => ({
        serviceId: String(d.gid),
        instanceId: d.instance_id,
        clientId: d.client_id,
        hostname: d.hostname,
        version: d.version,
        pools: parsePools(d.pools),
      }));
    },
  };
}

function parsePools(json: string): MirrorDaemon['pools'] {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' ? (v as MirrorDaemon['pools']) : {};
  } catch {
    return {};
  }
}
