// The typed replication state (issue 9): what a cluster reports about mirroring, turned into plain
// records per image, so that health checks, metrics, `--watch`, `mirror image wait` and failover
// never parse Ceph's description strings themselves. Times are unix seconds, durations seconds.
import type { ImageMirrorMode, MirrorMode, PeerDirection, SiteState } from '../../backends/types.js';

export type Role = 'primary' | 'non-primary' | 'orphan' | 'unknown';
export type Severity = 'warning' | 'critical';

/** Every problem the model detects; stable names (they appear in JSON and metrics labels). */
export type ProblemCode =
  | 'daemon-absent'          // no rbd-mirror reports the pool on this cluster, or none on the peer wrote a status
  | 'daemon-down'            // the daemon that replays the image (or reports a peer) is down
  | 'peer-status-stale'      // a site's status is up but has not been refreshed for a long time
  | 'split-brain'            // the replayer refused: both sites wrote after a forced promotion
  | 'two-primaries'          // this site and a peer both say the image is primary
  | 'resync-requested'       // a resync is flagged and waits for the daemon
  | 'error-state'            // a site reports state `error` (other than split-brain)
  | 'no-schedule'            // snapshot-mode primary with no schedule and no recent mirror snapshot
  | 'schedule-overdue'       // scheduled, but no mirror snapshot for two intervals
  | 'schedule-not-running'   // schedules exist but nothing executes them on this cluster
  | 'sync-stuck'             // syncing or behind, with no progress for a long time
  | 'lag';                   // lag over --warn-lag / --crit-lag

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  /** Peer site the problem is about; absent = this site / the image itself. */
  site?: string;
  /** One line: what is wrong. */
  message: string;
  /** One line: what to do. */
  hint: string;
}

/** One site's own status record (rbd_mirror_image_site_status_t), with its age. */
export interface SiteRecord {
  state: SiteState;
  up: boolean;
  description: string;
  /** Unix seconds; 0 = no record. */
  lastUpdate: number;
  /** now - lastUpdate; undefined without a record. */
  ageSeconds?: number;
  /** False when rbd synthesised `down+unknown / status not found`. */
  present: boolean;
}

/** The last completed sync towards the non-primary copy. */
export interface LastSync {
  /** Creation time of the primary snapshot (snapshot mode) the copy now has, or the time the
   *  journal replayer last reported being caught up: the copy's data is safe as of then. */
  time?: number;
  bytes?: number;
  durationSeconds?: number;
}

/** The image as replicated between this site and one peer site. */
export interface PeerReplication {
  siteName: string;
  mirrorUuid: string;
  /** The peer's own status record. */
  status: SiteRecord;
  /** Which side's daemon replays this image between the two: the non-primary side's. */
  replayer: 'local' | 'peer' | 'none';
  /** The replaying daemon's status is up (undefined with no replayer). */
  daemonUp?: boolean;
  /** The peer says its copy is primary (`local image is primary`). */
  peerPrimary: boolean;
  replayState?: 'idle' | 'syncing' | 'bootstrapping';
  lastSync?: LastSync;
  /** How far the non-primary copy is behind: primary's newest mirror snapshot time minus the
   *  copy's (snapshot), or an estimate from entries behind and the replay rate (journal). */
  lagSeconds?: number;
  entriesBehind?: number;
  bytesBehind?: number;
  bytesPerSecond?: number;
  entriesPerSecond?: number;
  /** Estimated time to synced. */
  etaSeconds?: number;
  syncingPercent?: number;
}

export interface ScheduleState {
  /** Shortest interval of the schedule that applies, normalised (`5m`, `1h`, `1d`). */
  interval: string;
  intervalSeconds: number;
  /** Creation time of the newest primary mirror snapshot. */
  lastMirrorSnapshot?: number;
  nextDue?: number;
  /** No mirror snapshot for two intervals. */
  overdue: boolean;
  /** Something executes schedules on this cluster (Ceph: the mgr; local: a running rbd-mirror). */
  executed: boolean;
}

export interface ImageReplication {
  pool: string;
  namespace: string;
  name: string;
  globalId: string;
  mode: ImageMirrorMode;
  role: Role;
  /** This site's own status record; absent when no local status applies (all peers tx-only). */
  local?: SiteRecord;
  peers: PeerReplication[];
  /** Snapshot-mode primaries only. */
  schedule?: ScheduleState;
  /** Newest primary mirror snapshot (snapshot-mode primaries). */
  lastMirrorSnapshot?: number;
  problems: Problem[];
}

export interface DaemonState {
  serviceId: string;
  instanceId: string;
  hostname: string;
  leader: boolean;
  health: 'OK' | 'UNKNOWN' | 'WARNING' | 'ERROR';
  callouts: string[];
}

export interface PeerConfig {
  uuid: string;
  siteName: string;
  direction: PeerDirection;
  mirrorUuid: string;
  /** From the peer's attributes, where readable: how to reach the peer cluster. */
  monHost?: string;
}

export interface PoolReplication {
  pool: string;
  namespace: string;
  mode: MirrorMode;
  siteName: string;
  peers: PeerConfig[];
  /** rbd-mirror daemons of this cluster that report the pool. */
  daemons: DaemonState[];
  images: ImageReplication[];
  /** Pool-wide problems (no daemon, schedules not executed). */
  problems: Problem[];
  /** When the state was read. */
  time: number;
}

export interface ReplicationOptions {
  /** Unix seconds (tests fix it). */
  now?: number;
  warnLagSeconds?: number;
  critLagSeconds?: number;
  /** A status not refreshed for this long is stale. */
  staleSeconds?: number;
  /** Syncing/behind with zero rate for this long is stuck. */
  stuckSeconds?: number;
}

export const DEFAULT_WARN_LAG_SECONDS = 3600;
export const DEFAULT_CRIT_LAG_SECONDS = 4 * 3600;
/** A live daemon rewrites a replaying image's record well within this (every few seconds to
 *  ~30 s): five minutes without a refresh is not load any more. */
export const DEFAULT_STALE_SECONDS = 300;
export const DEFAULT_STUCK_SECONDS = 300;
