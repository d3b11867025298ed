// What one cluster says about one mirrored image, read once: its mirror info, its own status
// record and the peers' records, with the replay figures parsed out of the description.
// Descriptions are read through the typed replication state's parser (src/domain/replication).
import type { ImageMirrorMode, ImageRef, MirrorImageInfo, SiteStatus, SnapInfo } from '../../backends/types.js';
import { Errno, isRbdError } from '../../errors.js';
import { parseDescription } from '../replication/description.js';
import type { FailoverBackend } from './ports.js';

export interface ReplayFigures {
  /** `replaying, {...}` parsed: journal or snapshot replay figures. */
  journal?: { entriesBehind?: number; primaryTid?: number; primaryTag?: number; nonPrimaryTid?: number; nonPrimaryTag?: number };
  snapshot?: { idle: boolean; localTs?: number; remoteTs?: number; percent?: number };
  bytesPerSecond?: number;
  secondsUntilSynced?: number;
}

/** The replay figures of a `replaying, {...}` description, from the typed replication state's parser. */
export function parseReplay(description: string): ReplayFigures | undefined {
  const d = parseDescription(description);
  if (d.kind !== 'replaying' || (!d.journal && !d.snapshot)) return undefined;
  if (d.journal) {
    const j = d.journal;
    return {
      bytesPerSecond: j.bytesPerSecond, secondsUntilSynced: j.secondsUntilSynced,
      journal: {
        entriesBehind: j.entriesBehind, primaryTid: j.primaryPosition?.entryTid, primaryTag: j.primaryPosition?.tagTid,
        nonPrimaryTid: j.nonPrimaryPosition?.entryTid, nonPrimaryTag: j.nonPrimaryPosition?.tagTid,
      },
    };
  }
  const sn = d.snapshot!;
  return {
    bytesPerSecond: sn.bytesPerSecond, secondsUntilSynced: sn.secondsUntilSynced,
    snapshot: { idle: sn.replayState !== 'syncing', localTs: sn.localSnapshotTimestamp, remoteTs: sn.remoteSnapshotTimestamp, percent: sn.syncingPercent },
  };
}

export const isSplitBrain = (s: SiteStatus | undefined): boolean => !!s && parseDescription(s.description).kind === 'split-brain';
/** The replayer saw the primary's demotion (snapshot: demoted snapshot; journal: remote non-primary). */
export const sawRemoteDemotion = (s: SiteStatus | undefined): boolean => {
  if (!s?.up) return false;
  const kind = parseDescription(s.description).kind;
  return kind === 'remote-demoted' || kind === 'remote-not-primary' || s.description === 'remote image is non-primary';
};

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
