// Pure: one image's typed replication record from what the cluster reported about it (global
// status with peer sites, the pool's peers, its mirror snapshots, the schedule that applies).
import type { ImageGlobalStatus, PeerSite, ScheduleItem, SiteStatus, SnapInfo } from '../../backends/types.js';
import { intervalMinutes, nextSnapshotTime } from '../schedule-time.js';
import { STATUS_NOT_FOUND } from '../status-health.js';
import { parseDescription, type ParsedDescription } from './description.js';
import { imageProblems, type Opts } from './problems.js';
import type { ImageReplication, PeerReplication, Role, ScheduleState, SiteRecord } from './types.js';

export interface ImageInput {
  pool: string;
  namespace: string;
  status: ImageGlobalStatus;
  peers: readonly PeerSite[];
  /** The image's snapshots (only mirror ones are used); may be empty when not listed. */
  snaps: readonly SnapInfo[];
  /** The schedule that applies (effectiveSchedule), undefined = none. */
  schedule?: readonly ScheduleItem[];
  /** Something runs schedules on this cluster. */
  schedulesExecuted: boolean;
  /** Bytes the peer lacks, keyed by peer mirror uuid, where the caller could measure them. */
  bytesBehind?: ReadonlyMap<string, number>;
}


function record(s: SiteStatus | undefined, now: number): SiteRecord {
  if (!s) return { state: 'unknown', up: false, description: STATUS_NOT_FOUND, lastUpdate: 0, present: false };
  const present = !(s.lastUpdate === 0 && s.description === STATUS_NOT_FOUND);
  const r: SiteRecord = { state: s.state, up: s.up, description: s.description, lastUpdate: s.lastUpdate, present };
  if (s.lastUpdate > 0) r.ageSeconds = Math.max(0, now - s.lastUpdate);
  return r;
}

function roleOf(status: ImageGlobalStatus): Role {
  const p = status.info.promotionState;
  return p === 'primary' || p === 'non-primary' || p === 'orphan' ? p : 'unknown';
}

/** Newest primary mirror snapshot (unix seconds). */
export function newestPrimarySnapshot(snaps: readonly SnapInfo[]): number | undefined {
  let newest: number | undefined;
  for (const s of snaps) {
    if (s.namespace.type !== 'mirror' || (s.namespace.state !== 'primary' && s.namespace.state !== 'primary-demoted')) continue;
    const t = Math.floor(s.timestamp / 1000);
    if (newest === undefined || t > newest) newest = t;
  }
  return newest;
}

/** Replay figures of the side that replays, as its description reports them. */
function replayFigures(p: PeerReplication, parsed: ParsedDescription, rec: SiteRecord, role: Role, newestPrimary: number | undefined, now: number): void {
  if (parsed.kind === 'bootstrapping') {
    p.replayState = 'bootstrapping';
    if (parsed.percent !== undefined) p.syncingPercent = parsed.percent;
  }
  const snap = parsed.snapshot;
  if (snap) {
    p.replayState = snap.replayState === 'syncing' ? 'syncing' : 'idle';
    if (snap.localSnapshotTimestamp !== undefined || snap.lastSnapshotBytes !== undefined) {
      p.lastSync = {};
      if (snap.localSnapshotTimestamp !== undefined) p.lastSync.time = snap.localSnapshotTimestamp;
      if (snap.lastSnapshotBytes !== undefined) p.lastSync.bytes = snap.lastSnapshotBytes;
      if (snap.lastSnapshotSyncSeconds !== undefined) p.lastSync.durationSeconds = snap.lastSnapshotSyncSeconds;
    }
    if (snap.bytesPerSecond !== undefined) p.bytesPerSecond = snap.bytesPerSecond;
    if (snap.syncingPercent !== undefined) p.syncingPercent = snap.syncingPercent;
    if (snap.secondsUntilSynced !== undefined) p.etaSeconds = snap.secondsUntilSynced;
    // the primary's own newest snapshot beats the (possibly stale) remote timestamp the replayer saw
    const primaryNewest = role === 'primary' ? newestPrimary ?? snap.remoteSnapshotTimestamp : snap.remoteSnapshotTimestamp;
    if (primaryNewest !== undefined && snap.localSnapshotTimestamp !== undefined) {
      p.lagSeconds = Math.max(0, primaryNewest - snap.localSnapshotTimestamp);
    }
  }
  const journal = parsed.journal;
  if (journal) {
    p.replayState = 'idle';
    if (journal.entriesBehind !== undefined) p.entriesBehind = journal.entriesBehind;
    if (journal.bytesPerSecond !== undefined) p.bytesPerSecond = journal.bytesPerSecond;
    if (journal.entriesPerSecond !== undefined) p.entriesPerSecond = journal.entriesPerSecond;
    const eta = journal.secondsUntilSynced
      ?? (journal.entriesBehind && journal.entriesPerSecond ? Math.round(journal.entriesBehind / journal.entriesPerSecond) : undefined);
    if (eta !== undefined) p.etaSeconds = eta;
    if (journal.entriesBehind === 0) {
      // caught up when it wrote the record; a down or silent replayer is behind by at least its silence
      p.lastSync = { time: rec.lastUpdate };
      p.lagSeconds = rec.up ? 0 : Math.max(0, now - rec.lastUpdate);
    } else if (journal.entriesBehind !== undefined) {
      p.lagSeconds = eta ?? Math.max(0, now - rec.lastUpdate);
    }
  }
}

function peerReplication(input: ImageInput, peer: PeerSite | undefined, site: SiteStatus | undefined, mirrorUuid: string,
  local: SiteRecord | undefined, role: Role, newestPrimary: number | undefined, now: number): PeerReplication {
  const rec = record(site, now);
  const parsedPeer = parseDescription(rec.description);
  const peerPrimary = rec.present && parsedPeer.kind === 'local-primary';
  // the non-primary side's daemon pulls: the peer's for our primary (unless we never transmit
  // to it), ours for our non-primary copy (unless we never receive from it)
  let replayer: PeerReplication['replayer'] = 'none';
  if (role === 'primary') replayer = peer?.direction === 'rx-only' ? 'none' : 'peer';
  else if (role === 'non-primary' && peer?.direction !== 'tx-only') replayer = 'local';
  const p: PeerReplication = {
    siteName: peer?.siteName || mirrorUuid, mirrorUuid, status: rec, replayer, peerPrimary,
  };
  const replaying = replayer === 'peer' ? rec : replayer === 'local' ? local : undefined;
  if (replaying) {
    p.daemonUp = replaying.up;
    replayFigures(p, replayer === 'peer' ? parsedPeer : parseDescription(replaying.description), replaying, role, newestPrimary, now);
  }
  const behind = input.bytesBehind?.get(mirrorUuid);
  if (behind !== undefined) {
    p.bytesBehind = behind;
    if (p.etaSeconds === undefined && behind > 0 && p.bytesPerSecond) p.etaSeconds = Math.round(behind / p.bytesPerSecond);
  }
  return p;
}

function scheduleState(items: readonly ScheduleItem[], last: number | undefined, executed: boolean, now: number): ScheduleState | undefined {
  let best: ScheduleItem | undefined;
  for (const i of items) if (intervalMinutes(i.interval) > 0 && (!best || intervalMinutes(i.interval) < intervalMinutes(best.interval))) best = i;
  if (!best) return undefined;
  const intervalSeconds = intervalMinutes(best.interval) * 60;
  const s: ScheduleState = { interval: best.interval, intervalSeconds, overdue: last === undefined || now - last > 2 * intervalSeconds, executed };
  if (last !== undefined) s.lastMirrorSnapshot = last;
  const next = nextSnapshotTime(items, now * 1000);
  if (next !== undefined) s.nextDue = Math.floor(next / 1000);
  return s;
}

export function buildImageReplication(input: ImageInput, opts: Opts): ImageReplication {
  const { status } = input;
  const { now } = opts;
  const role = roleOf(status);
  const snapshotPrimary = role === 'primary' && status.info.mode === 'snapshot';
  const newestPrimary = snapshotPrimary ? newestPrimarySnapshot(input.snaps) : undefined;
  const localSite = status.sites.find((s) => s.mirrorUuid === '');
  const allTx = input.peers.length > 0 && input.peers.every((p) => p.direction === 'tx-only');
  const local = allTx && !localSite ? undefined : record(localSite, now);

  // every peer the pool knows (by mirror uuid, '' until its daemon registered), then records of
  // sites no peer names (e.g. a peer removed since)
  const peers: PeerReplication[] = [];
  const seen = new Set<string>();
  for (const peer of input.peers) {
    const site = peer.mirrorUuid ? status.sites.find((s) => s.mirrorUuid === peer.mirrorUuid) : undefined;
    if (peer.mirrorUuid) seen.add(peer.mirrorUuid);
    peers.push(peerReplication(input, peer, site, peer.mirrorUuid, local, role, newestPrimary, now));
  }
  for (const site of status.sites) {
    if (site.mirrorUuid === '' || seen.has(site.mirrorUuid)) continue;
    peers.push(peerReplication(input, undefined, site, site.mirrorUuid, local, role, newestPrimary, now));
  }

  const img: ImageReplication = {
    pool: input.pool, namespace: input.namespace, name: status.name, globalId: status.info.globalId,
    mode: status.info.mode, role, peers, problems: [],
  };
  if (local) img.local = local;
  if (newestPrimary !== undefined) img.lastMirrorSnapshot = newestPrimary;
  if (snapshotPrimary && input.schedule) {
    const sched = scheduleState(input.schedule, newestPrimary, input.schedulesExecuted, now);
    if (sched) img.schedule = sched;
  }
  img.problems = imageProblems(img, opts);
  return img;
}
