// What `rbd mirror status` prints on the admin socket, in the shape of Ceph's Mirror,
// PoolReplayer and ImageReplayer print_status (keys and their order as Ceph's formatter writes
// them). A pool's namespaces are listed inside it, as Ceph's pool replayer lists its namespace
// replayers.
import type { PeerSite } from '../../backends/types.js';
import type { ImageReplayer, ReplayerState } from '../image-replayer.js';
import type { PoolReplayer } from '../pool-replayer.js';

/** The daemon as the admin socket sees it (MirrorDaemon implements it). */
export interface MirrorControl {
  readonly gid: number;
  readonly isLeader: boolean;
  readonly stoppedManually: boolean;
  poolReplayers(): PoolReplayer[];
  syncSlots(): { max: number; running: number; waiting: number };
  setManualStop(stop: boolean): void;
  nextPass(): Promise<void>;
}

/** ImageReplayer::to_string of its state. */
const STATE_NAMES: Record<ReplayerState, string> = {
  bootstrapping: 'Starting', replaying: 'Replaying', stopping: 'Stopping', stopped: 'Stopped', error: 'Stopped',
};

/** One pool's replayers (the default namespace and the others). */
export interface PoolGroup {
  pool: string;
  peer: PeerSite | undefined;
  replayers: PoolReplayer[];
}

export function poolGroups(control: MirrorControl): PoolGroup[] {
  const groups = new Map<string, PoolGroup>();
  for (const p of control.poolReplayers()) {
    const g = groups.get(p.poolName) ?? { pool: p.poolName, peer: undefined, replayers: [] };
    g.peer ??= p.peer();
    g.replayers.push(p);
    groups.set(p.poolName, g);
  }
  return [...groups.values()];
}

export function imageSpec(p: PoolReplayer, r: ImageReplayer): string {
  return `${p.label}/${r.name ?? r.globalId}`;
}

export function imageStatus(p: PoolReplayer, r: ImageReplayer): Record<string, unknown> {
  return { name: imageSpec(p, r), state: STATE_NAMES[r.current] };
}

/** PeerSpec's operator<<. */
function peerText(peer: PeerSite | undefined): string {
  return peer ? `uuid: ${peer.uuid} cluster: ${peer.siteName} client: ${peer.clientName}` : '';
}

/** The image deleter's queues (deletions here happen within the replayer's pass: none wait). */
export const DELETER_STATUS = { delete_images_queue: [], failed_deletes_queue: [] };

export function poolStatus(control: MirrorControl, g: PoolGroup, socketPath: string): Record<string, unknown> {
  const slots = control.syncSlots();
  const images = (p: PoolReplayer) => p.imageReplayers().map((r) => imageStatus(p, r));
  const main = g.replayers.find((p) => p.namespace === '');
  const namespaces = g.replayers.filter((p) => p.namespace !== '')
    .map((p) => ({ name: p.namespace, image_replayers: images(p), image_deleter: { image_deleter_status: DELETER_STATUS } }));
  const head = { peer: peerText(g.peer), pool: g.pool, instance_id: String(control.gid) };
  const sockets = { local_cluster_admin_socket: socketPath, remote_cluster_admin_socket: '' };
  // a pool replayer that cannot reach its peer: Ceph's failed init shows no more than this
  if (g.replayers.some((p) => p.callouts.some((c) => c.level === 'error'))) return { ...head, state: 'error', ...sockets, namespaces };
  const stopped = g.replayers.length > 0 && g.replayers.every((p) => p.stoppedManually);
  return {
    ...head,
    state: stopped ? 'stopped (manual)' : 'running',
    leader_instance_id: control.isLeader ? String(control.gid) : '',
    leader: control.isLeader,
    ...(control.isLeader ? { instances: [String(control.gid)] } : {}),
    ...sockets,
    sync_throttler: { max_parallel_requests: slots.max, running_requests: slots.running, waiting_requests: slots.waiting },
    deletion_throttler: { max_parallel_requests: 1, running_requests: 0, waiting_requests: 0 },
    image_replayers: main ? images(main) : [],
    image_deleter: { image_deleter_status: DELETER_STATUS },
    namespaces,
  };
}

export function mirrorStatus(control: MirrorControl, socketPath: string): Record<string, unknown> {
  return { pool_replayers: poolGroups(control).map((g) => poolStatus(control, g, socketPath)) };
}
