// The one place that reads the description strings rbd-mirror writes into its status records
// (Pacific: `replaying, {json}`, `bootstrapping, IMAGE_COPY/COPY_OBJECT 45%`, fixed texts). The
// same strings come from Ceph's own daemon (via librbd) and from rbdm's local daemon.

export type DescriptionKind =
  | 'replaying' | 'bootstrapping' | 'local-primary' | 'remote-not-primary' | 'remote-demoted'
  | 'split-brain' | 'resync-requested' | 'remote-gone' | 'starting' | 'stopped' | 'not-found' | 'other';

export interface JournalPosition { entryTid: number; objectNumber: number; tagTid: number }

export interface SnapshotReplay {
  bytesPerSecond?: number;
  bytesPerSnapshot?: number;
  lastSnapshotBytes?: number;
  lastSnapshotSyncSeconds?: number;
  localSnapshotTimestamp?: number;
  remoteSnapshotTimestamp?: number;
  replayState?: 'idle' | 'syncing';
  secondsUntilSynced?: number;
  syncingPercent?: number;
  syncingSnapshotTimestamp?: number;
}

export interface JournalReplay {
  bytesPerSecond?: number;
  entriesPerSecond?: number;
  entriesBehind?: number;
  primaryPosition?: JournalPosition;
  nonPrimaryPosition?: JournalPosition;
  secondsUntilSynced?: number;
}

export interface ParsedDescription {
  kind: DescriptionKind;
  /** The text before the JSON part. */
  text: string;
  snapshot?: SnapshotReplay;
  journal?: JournalReplay;
  /** `bootstrapping, …  45%`. */
  percent?: number;
}

const FIXED: Record<string, DescriptionKind> = {
  'local image is primary': 'local-primary',
  'remote image is not primary': 'remote-not-primary',
  'remote image demoted': 'remote-demoted',
  'split-brain detected': 'split-brain',
  'split-brain': 'split-brain',
  'resync requested': 'resync-requested',
  'remote image no longer exists': 'remote-gone',
  'starting replay': 'starting',
  stopped: 'stopped',
  'status not found': 'not-found',
};

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function position(v: unknown): JournalPosition | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const entryTid = num(o.entry_tid);
  if (entryTid === undefined) return undefined;
  return { entryTid, objectNumber: num(o.object_number) ?? 0, tagTid: num(o.tag_tid) ?? 0 };
}

/** Only the members present in the JSON are set (a missing key stays unknown, never 0). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function replayJson(json: Record<string, unknown>): Pick<ParsedDescription, 'snapshot' | 'journal'> {
  // journal replay reports positions and entries; snapshot replay reports snapshot timestamps
  if ('entries_behind_primary' in json || 'primary_position' in json) {
    return {
      journal: defined({
        bytesPerSecond: num(json.bytes_per_second),
        entriesPerSecond: num(json.entries_per_second),
        entriesBehind: num(json.entries_behind_primary),
        primaryPosition: position(json.primary_position),
        nonPrimaryPosition: position(json.non_primary_position),
        secondsUntilSynced: num(json.seconds_until_synced),
      }),
    };
  }
  const replayState: SnapshotReplay['replayState'] = json.replay_state === 'syncing' ? 'syncing' : json.replay_state === 'idle' ? 'idle' : undefined;
  return {
    snapshot: defined({
      bytesPerSecond: num(json.bytes_per_second),
      bytesPerSnapshot: num(json.bytes_per_snapshot),
      lastSnapshotBytes: num(json.last_snapshot_bytes),
      lastSnapshotSyncSeconds: num(json.last_snapshot_sync_seconds),
      localSnapshotTimestamp: num(json.local_snapshot_timestamp),
      remoteSnapshotTimestamp: num(json.remote_snapshot_timestamp),
      replayState,
      secondsUntilSynced: num(json.seconds_until_synced),
      syncingPercent: num(json.syncing_percent),
      syncingSnapshotTimestamp: num(json.syncing_snapshot_timestamp),
    }),
  };
}

export function parseDescription(description: string): ParsedDescription {
  const brace = description.indexOf('{');
  const text = (brace >= 0 ? description.slice(0, brace) : description).replace(/,\s*$/, '').trim();
  const fixed = FIXED[text];
  if (fixed) return { kind: fixed, text };
  if (text.startsWith('replaying')) {
    let json: Record<string, unknown> | undefined;
    if (brace >= 0) {
      try {
        const v = JSON.parse(description.slice(brace)) as unknown;
        if (v && typeof v === 'object' && !Array.isArray(v)) json = v as Record<string, unknown>;
      } catch { /* a malformed JSON part: the kind is still known */ }
    }
    return { kind: 'replaying', text: 'replaying', ...(json ? replayJson(json) : {}) };
  }
  if (text.startsWith('bootstrapping') || text.startsWith('syncing')) {
    const m = /(\d+(?:\.\d+)?)%/.exec(text);
    return { kind: 'bootstrapping', text, ...(m ? { percent: Number(m[1]) } : {}) };
  }
  if (text.startsWith('split-brain')) return { kind: 'split-brain', text };
  return { kind: 'other', text };
}
