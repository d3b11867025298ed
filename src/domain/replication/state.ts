// The typed replication state of an image, a pool or every mirrored pool of a cluster, read from
// a Backend (the same calls on local and on Ceph, where it works with Ceph's own rbd-mirror).
// Consumers: `mirror pool|image health`, `--watch`, `mirror image|pool wait`, failover.
import type { Backend } from '../../backends/backend.js';
import type { ImageGlobalStatus, ImageRef, MirrorDaemon, PeerSite, PoolRef, ScheduleEntry, SnapInfo } from '../../backends/types.js';
import { Errno, isRbdError, RbdError } from '../../errors.js';
import { openPool } from '../open.js';
import { effectiveSchedule } from '../../rules/schedule-time.js';
import { daemonHealth } from '../status-health.js';
import { mirroredImageStatus } from '../status.js';
import { buildImageReplication, type ImageInput } from './image.js';
import { sortProblems, type Opts } from './problems.js';
import {
  DEFAULT_CRIT_LAG_SECONDS, DEFAULT_STALE_SECONDS, DEFAULT_STUCK_SECONDS, DEFAULT_WARN_LAG_SECONDS,
  type DaemonState, type ImageReplication, type PeerConfig, type PoolReplication, type Problem, type ReplicationOptions,
} from './types.js';

export function resolveOptions(o: ReplicationOptions = {}): Opts {
  const warn = o.warnLagSeconds ?? DEFAULT_WARN_LAG_SECONDS;
  return {
    now: o.now ?? Math.floor(Date.now() / 1000),
    warnLagSeconds: warn,
    // a --warn-lag above the default critical threshold moves the critical one with it
    critLagSeconds: o.critLagSeconds ?? Math.max(DEFAULT_CRIT_LAG_SECONDS, warn),
    staleSeconds: o.staleSeconds ?? DEFAULT_STALE_SECONDS,
    stuckSeconds: o.stuckSeconds ?? DEFAULT_STUCK_SECONDS,
  };
}

/** Who runs snapshot schedules: the mgr's rbd_support module on Ceph, a running rbd-mirror on local. */
export function schedulesExecuted(backend: Pick<Backend, 'kind'>, daemons: readonly MirrorDaemon[]): boolean {
  return backend.kind === 'ceph' || daemons.length > 0;
}

interface PoolContext {
  backend: Backend;
  ref: PoolRef;
  peers: PeerSite[];
  schedules: ScheduleEntry[];
  executed: boolean;
  opts: Opts;
}

const isSnapshotPrimary = (s: ImageGlobalStatus) => s.info.primary && s.info.mode === 'snapshot';

/** Bytes changed between the newest primary mirror snapshot and the one a peer has (where the
 *  backend can diff mirror snapshots by name; else unknown). */
async function bytesBehind(backend: Backend, ref: ImageRef, snaps: readonly SnapInfo[], img: ImageReplication): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const primary = snaps.filter((s) => s.namespace.type === 'mirror' && s.namespace.state.startsWith('primary'))
    .sort((a, b) => a.id - b.id);
  const newest = primary.at(-1);
  if (!newest) return out;
  for (const p of img.peers) {
    if (!p.lagSeconds || p.lastSync?.time === undefined) continue;
    const has = primary.filter((s) => Math.floor(s.timestamp / 1000) <= p.lastSync!.time!).at(-1);
    if (!has || has.id === newest.id) continue;
    try {
      const extents = await backend.diffImage(ref, { fromSnap: has.name, snap: newest.name, wholeObject: false });
      out.set(p.mirrorUuid, extents.reduce((n, e) => n + e.length, 0));
    } catch { /* not measurable here: stays unknown */ }
  }
  return out;
}

async function imageState(c: PoolContext, status: ImageGlobalStatus): Promise<ImageReplication> {
  const ref: ImageRef = { ...c.ref, image: status.name };
  const snaps = isSnapshotPrimary(status) ? await c.backend.listSnaps(ref).catch(() => [] as SnapInfo[]) : [];
  const input: ImageInput = {
    pool: c.ref.pool, namespace: c.ref.namespace, status, peers: c.peers, snaps,
    schedulesExecuted: c.executed,
  };
  const schedule = effectiveSchedule(c.schedules, ref);
  if (schedule) input.schedule = schedule;
  let img = buildImageReplication(input, c.opts);
  if (snaps.length > 0 && img.peers.some((p) => p.lagSeconds)) {
    const behind = await bytesBehind(c.backend, ref, snaps, img);
    if (behind.size > 0) img = buildImageReplication({ ...input, bytesBehind: behind }, c.opts);
  }
  return img;
}

async function peerConfigs(backend: Backend, pool: string, peers: readonly PeerSite[]): Promise<PeerConfig[]> {
  return Promise.all(peers.map(async (p) => {
    const cfg: PeerConfig = { uuid: p.uuid, siteName: p.siteName, direction: p.direction, mirrorUuid: p.mirrorUuid };
    // only the address is kept: the attributes also hold the peer's key
    const monHost = await backend.getPeerAttributes(pool, p.uuid).then((a) => a.mon_host, () => undefined);
    if (monHost) cfg.monHost = monHost;
    return cfg;
  }));
}

function poolProblems(images: readonly ImageReplication[], daemons: readonly DaemonState[], executed: boolean): Problem[] {
  const out: Problem[] = [];
  if (daemons.length === 0 && images.length > 0) {
    const needed = images.some((i) => i.peers.some((p) => p.replayer === 'local'));
    out.push({
      code: 'daemon-absent', severity: needed ? 'critical' : 'warning',
      message: 'no rbd-mirror daemon reports this pool on this site',
      hint: needed ? 'start rbd-mirror on this cluster: its non-primary images are not replicated meanwhile'
        : 'start rbd-mirror on this cluster (it replays images promoted on a peer and reports status)',
    });
  }
  const scheduled = images.filter((i) => i.schedule).length;
  if (!executed && scheduled > 0) {
    out.push({
      code: 'schedule-not-running', severity: 'warning',
      message: `${scheduled} image${scheduled === 1 ? ' has' : 's have'} a snapshot schedule but nothing executes schedules on this cluster`,
      hint: 'start rbd-mirror on this cluster: it takes the scheduled mirror snapshots',
    });
  }
  return out;
}

async function poolContext(backend: Backend, ref: PoolRef, opts: Opts): Promise<{ c: PoolContext; daemons: MirrorDaemon[]; poolId: number }> {
  const [peers, schedules, daemons, poolId] = await Promise.all([
    backend.listPeers(ref.pool), backend.scheduleList(), backend.mirrorDaemons(), backend.poolId(ref.pool),
  ]);
  return { c: { backend, ref, peers, schedules, executed: schedulesExecuted(backend, daemons), opts }, daemons, poolId };
}

async function assemble(backend: Backend, ref: PoolRef, opts: Opts, read: (c: PoolContext) => Promise<ImageReplication[]>): Promise<PoolReplication> {
  const [{ c, daemons: all, poolId }, siteName, mode] = await Promise.all([
    poolContext(backend, ref, opts), backend.getSiteName(), backend.getMirrorMode(ref),
  ]);
  const images = await read(c);
  const daemons: DaemonState[] = daemonHealth(all, poolId).daemons.filter((d) => d.instanceId !== '')
    .map((d) => ({ serviceId: d.serviceId, instanceId: d.instanceId, hostname: d.hostname, leader: d.leader, health: d.health, callouts: d.callouts }));
  return {
    pool: ref.pool, namespace: ref.namespace, mode, siteName,
    peers: await peerConfigs(backend, ref.pool, c.peers),
    daemons, images, problems: sortProblems(poolProblems(images, daemons, c.executed)), time: opts.now,
  };
}

/** Every image with mirroring enabled in the pool (or namespace). ENOENT for a missing pool or
 *  namespace, EINVAL when mirroring is disabled there. */
export async function poolReplicationState(backend: Backend, ref: PoolRef, options?: ReplicationOptions): Promise<PoolReplication> {
  const opts = resolveOptions(options);
  await openPool(backend, { ...ref, poolDefaulted: false });
  if ((await backend.getMirrorMode(ref)) === 'disabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the pool');
  return assemble(backend, ref, opts, async (c) => {
    const images: ImageReplication[] = [];
    for (const s of await backend.mirrorImageStatusList(ref)) if (s.info.state === 'enabled') images.push(await imageState(c, s));
    return images;
  });
}

async function imageStatus(backend: Backend, ref: ImageRef): Promise<ImageGlobalStatus> {
  return { ...(await mirroredImageStatus(backend, ref)), name: ref.image };
}

/** One image: ENOENT `error opening image …` when missing, EINVAL when not mirrored. */
export async function imageReplicationState(backend: Backend, ref: ImageRef, options?: ReplicationOptions): Promise<ImageReplication> {
  const opts = resolveOptions(options);
  const status = await imageStatus(backend, ref);
  const { c } = await poolContext(backend, ref, opts);
  return imageState(c, status);
}

/** The pool record (peers, daemons, pool-wide problems) narrowed to one image. */
export async function imagePoolState(backend: Backend, ref: ImageRef, options?: ReplicationOptions): Promise<PoolReplication> {
  const opts = resolveOptions(options);
  const status = await imageStatus(backend, ref);
  return assemble(backend, ref, opts, async (c) => [await imageState(c, status)]);
}

/** Pools and namespaces of the cluster with mirroring enabled, in pool order. */
export async function mirroredPools(backend: Backend): Promise<PoolRef[]> {
  const out: PoolRef[] = [];
  for (const pool of await backend.listPools()) {
    const namespaces = ['', ...(await backend.listNamespaces(pool).catch(() => [] as string[]))];
    for (const namespace of namespaces) {
      const mode = await backend.getMirrorMode({ pool, namespace }).catch(() => 'disabled' as const);
      if (mode !== 'disabled') out.push({ pool, namespace });
    }
  }
  return out;
}

/** Every mirrored pool (and namespace) of the cluster. */
export async function clusterReplicationState(backend: Backend, options?: ReplicationOptions): Promise<PoolReplication[]> {
  const opts = resolveOptions(options);
  const out: PoolReplication[] = [];
  for (const ref of await mirroredPools(backend)) {
    try {
      out.push(await poolReplicationState(backend, ref, opts));
    } catch (e) {
      // removed, or mirroring disabled, since it was listed: not a mirrored pool any more
      if (isRbdError(e, Errno.ENOENT) || isRbdError(e, Errno.EINVAL)) continue;
      throw e;
    }
  }
  return out;
}

export * from './types.js';
export { parseDescription, type ParsedDescription } from './description.js';
export { buildImageReplication, type ImageInput } from './image.js';
export { formatSeconds, imageSpecOf } from './problems.js';
