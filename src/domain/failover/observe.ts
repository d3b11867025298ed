// What one cluster says about one mirrored image, read once: its mirror info, its own status
// record and the peers' records, with the replay figures parsed out of the description.
// TODO(health): the typed replication state (src/domain/replication) replaces parseReplay.
import type { ImageMirrorMode, ImageRef, MirrorImageInfo, SiteStatus, SnapInfo } from '../../backends/types.js';
import { Errno, isRbdError } from '../../errors.js';
import type { FailoverBackend } from './ports.js';

export interface ReplayFigures {
  /** `replaying, {...}` parsed: journal or snapshot replay figures. */
  journal?: { entriesBehind?: number; primaryTid?: number; primaryTag?: number; nonPrimaryTid?: number; nonPrimaryTag?: number };
  snapshot?: { idle: boolean; localTs?: number; remoteTs?: number; percent?: number };
  bytesPerSecond?: number;
  secondsUntilSynced?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function parseReplay(description: string): ReplayFigures | undefined {
  const m = /^replaying, (\{.*\})$/.exec(description);
  if (!m) return undefined;
  let j: Record<string, any>;
  try { j = JSON.parse(m[1]!) as Record<string, any>; } catch { return undefined; }
  const out: ReplayFigures = { bytesPerSecond: num(j.bytes_per_second), secondsUntilSynced: num(j.seconds_until_synced) };
  if ('entries_behind_primary' in j || 'primary_position' in j) {
    out.journal = {
      entriesBehind: num(j.entries_behind_primary),
      primaryTid: num(j.primary_position?.entry_tid), primaryTag: num(j.primary_position?.tag_tid),
      nonPrimaryTid: num(j.non_primary_position?.entry_tid), nonPrimaryTag: num(j.non_primary_position?.tag_tid),
    };
  } else {
    out.snapshot = {
      idle: j.replay_state !== 'syncing', localTs: num(j.local_snapshot_timestamp),
      remoteTs: num(j.remote_snapshot_timestamp), percent: num(j.syncing_percent),
    };
  }
  return out;
}

export const isSplitBrain = (s: SiteStatus | undefined): boolean => !!s && s.description.startsWith('split-brain');
/** The replayer saw the primary's demotion (snapshot: demoted snapshot; journal: remote non-primary). */
export const sawRemoteDemotion = (s: SiteStatus | undefined): boolean =>
  !!s && s.up && /^remote image (demoted|is not primary|is non-primary)$/.test(s.description);

export interface ImageView {
  cluster: string;
  /** undefined: no such image (or mirroring disabled) on this cluster. */
  info?: MirrorImageInfo;
  /** This cluster's own status record (mirror uuid ''). */
  local?: SiteStatus;
  /** Records of other sites, as this cluster stores them. */
  peers: SiteStatus[];
}

export async function viewImage(be: FailoverBackend, ref: ImageRef): Promise<ImageView> {
  const view: ImageView = { cluster: be.clusterName, peers: [] };
  try {
    const info = await be.mirrorImageGetInfo(ref);
    if (info.state !== 'disabled') view.info = info;
  } catch (e) {
    if (!isRbdError(e, Errno.ENOENT)) throw e;
    return view;
  }
  if (!view.info) return view;
  const status = await be.mirrorImageGlobalStatus(ref);
  view.local = status.sites.find((s) => s.mirrorUuid === '');
  view.peers = status.sites.filter((s) => s.mirrorUuid !== '');
  return view;
}

export const mirrorSnaps = async (be: FailoverBackend, ref: ImageRef): Promise<SnapInfo[]> =>
  (await be.listSnaps(ref)).filter((s) => s.namespace.type === 'mirror');

export const isPrimarySnap = (s: SnapInfo): boolean =>
  s.namespace.type === 'mirror' && (s.namespace.state === 'primary' || s.namespace.state === 'primary-demoted');

/** Ids of the primary snapshots the replica holds a complete copy of. */
export function copiedPrimaryIds(replicaSnaps: readonly SnapInfo[]): Set<number> {
  const ids = new Set<number>();
  for (const s of replicaSnaps) {
    if (s.namespace.type === 'mirror' && s.namespace.state.startsWith('non-primary') && s.namespace.complete && s.namespace.primarySnapId !== undefined) {
      ids.add(s.namespace.primarySnapId);
    }
  }
  return ids;
}

/**
 * How far the replica is behind, in ms (0 = nothing to copy); undefined = cannot tell.
 * Snapshot mode: age of the oldest primary snapshot not yet copied. Journal mode: the replayer's
 * own estimate while entries are behind, 0 when it reports none behind.
 */
export async function lagMs(mode: ImageMirrorMode, primary: FailoverBackend, replica: FailoverBackend,
  replicaView: ImageView, ref: ImageRef, now: number): Promise<number | undefined> {
  if (mode === 'snapshot') {
    const [pSnaps, rSnaps] = await Promise.all([mirrorSnaps(primary, ref), mirrorSnaps(replica, ref)]);
    const copied = copiedPrimaryIds(rSnaps);
    const newestCopied = Math.max(-1, ...[...copied]);
    const pending = pSnaps.filter((s) => isPrimarySnap(s) && s.id > newestCopied);
    return pending.length === 0 ? 0 : Math.max(0, now - pending[0]!.timestamp);
  }
  const figures = replicaView.local?.up ? parseReplay(replicaView.local.description) : undefined;
  const behind = figures?.journal?.entriesBehind;
  if (behind === undefined) return undefined;
  if (behind === 0) return 0;
  return figures?.secondsUntilSynced !== undefined ? figures.secondsUntilSynced * 1000 : undefined;
}
