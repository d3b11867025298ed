// Status descriptions as rbd-mirror writes them (spec 7.2, 7.3). The replay JSON is compact with
// keys in alphabetical order, and Ceph's formatter prints doubles with a fraction (`0.0`,
// `4194304.0`, `282625.6`), which JSON.stringify would not.
import type { SiteState } from '../backends/types.js';
import type { SiteStatusValue } from './status.js';

/** A number Ceph's JSON formatter prints as a double. */
export class Double {
  constructor(readonly value: number) {}
}
export const double = (v: number): Double => new Double(v);

type Json = number | string | boolean | Double | Json[] | { [k: string]: Json | undefined };

function formatDouble(v: number): string {
  if (!Number.isFinite(v)) return '0.0';
  const rounded = Math.round(v * 100) / 100;
  return Number.isInteger(rounded) ? `${rounded}.0` : String(rounded);
}

/** Compact JSON, keys sorted, undefined members left out. */
export function compactJson(v: Json): string {
  if (v instanceof Double) return formatDouble(v.value);
  if (Array.isArray(v)) return `[${v.map(compactJson).join(',')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${compactJson(v[k]!)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export const status = (state: SiteState, description: string): SiteStatusValue => ({ state, description });

export const LOCAL_PRIMARY = status('stopped', 'local image is primary');
export const REMOTE_NOT_PRIMARY = status('unknown', 'remote image is not primary');
export const REMOTE_DEMOTED = status('unknown', 'remote image demoted');
export const SPLIT_BRAIN_JOURNAL = status('error', 'split-brain detected');
export const SPLIT_BRAIN_SNAPSHOT = status('error', 'split-brain');
export const RESYNC_REQUESTED = status('stopped', 'resync requested');
/** The primary flagged our journal client disconnected (journal Replayer's texts). */
export const DISCONNECTED = status('error', 'disconnected');
export const DISCONNECTED_RESYNC = status('error', 'disconnected: automatic resync');
export const REMOTE_GONE = status('stopped', 'remote image no longer exists');
export const STARTING_REPLAY = status('starting_replay', 'starting replay');
/** The journal replayer after replaying the primary's demotion, until it restarts. */
export const REPLAY_STOPPED = status('stopped', 'stopped');

export function bootstrapping(percent: number): SiteStatusValue {
  return status('syncing', `bootstrapping, IMAGE_COPY/COPY_OBJECT ${Math.floor(percent)}%`);
}

export interface SnapshotReplayStats {
  bytesPerSecond: number;
  bytesPerSnapshot: number;
  lastSnapshotBytes: number;
  lastSnapshotSyncSeconds: number;
  localSnapshotTimestamp?: number;
  remoteSnapshotTimestamp?: number;
  syncing?: { percent: number; snapshotTimestamp: number; secondsUntilSynced?: number };
}

export function snapshotReplaying(s: SnapshotReplayStats): SiteStatusValue {
  const json = compactJson({
    bytes_per_second: double(s.bytesPerSecond),
    bytes_per_snapshot: double(s.bytesPerSnapshot),
    last_snapshot_bytes: s.lastSnapshotBytes,
    last_snapshot_sync_seconds: s.lastSnapshotSyncSeconds,
    local_snapshot_timestamp: s.localSnapshotTimestamp,
    remote_snapshot_timestamp: s.remoteSnapshotTimestamp,
    replay_state: s.syncing ? 'syncing' : 'idle',
    seconds_until_synced: s.syncing?.secondsUntilSynced,
    syncing_percent: s.syncing ? Math.floor(s.syncing.percent) : undefined,
    syncing_snapshot_timestamp: s.syncing?.snapshotTimestamp,
  });
  return status('replaying', `replaying, ${json}`);
}

export interface JournalPosition { entry_tid: number; object_number: number; tag_tid: number }

/** rbd_journal_splay_width: entries are striped over this many objects. */
const SPLAY_WIDTH = 4;

/** A journal position as `rbd journal status` and the replay description print it. */
export function position(tid: number, tagTid: number): JournalPosition {
  return { entry_tid: tid, object_number: tid % SPLAY_WIDTH, tag_tid: tagTid };
}

export interface JournalReplayStats {
  bytesPerSecond: number;
  entriesPerSecond: number;
  entriesBehind: number;
  nonPrimary?: JournalPosition;
  primary: JournalPosition;
}

export function journalReplaying(s: JournalReplayStats): SiteStatusValue {
  const secondsUntilSynced = s.entriesBehind > 0 && s.entriesPerSecond > 0
    ? Math.round(s.entriesBehind / s.entriesPerSecond) : undefined;
  const json = compactJson({
    bytes_per_second: double(s.bytesPerSecond),
    entries_behind_primary: s.entriesBehind,
    entries_per_second: double(s.entriesPerSecond),
    non_primary_position: s.nonPrimary ? { ...s.nonPrimary } : {},
    primary_position: { ...s.primary },
    seconds_until_synced: secondsUntilSynced,
  });
  return status('replaying', `replaying, ${json}`);
}

/** Bytes and entries per second over a sliding window (Ceph averages its perf counters too). */
export class RateMeter {
  private samples: { at: number; bytes: number; count: number }[] = [];
  constructor(private readonly windowMs = 10_000) {}

  add(bytes: number, count = 1, now = Date.now()): void {
    this.samples.push({ at: now, bytes, count });
    this.trim(now);
  }

  private trim(now: number): void {
    while (this.samples.length && now - this.samples[0]!.at > this.windowMs) this.samples.shift();
  }

  rates(now = Date.now()): { bytesPerSecond: number; perSecond: number } {
    this.trim(now);
    if (this.samples.length === 0) return { bytesPerSecond: 0, perSecond: 0 };
    const span = Math.max(1000, now - this.samples[0]!.at) / 1000;
    const bytes = this.samples.reduce((a, s) => a + s.bytes, 0);
    const count = this.samples.reduce((a, s) => a + s.count, 0);
    return { bytesPerSecond: bytes / span, perSecond: count / span };
  }
}
