// `mirror image wait` / `mirror pool wait`: named conditions over what the clusters report, and
// one polling loop with a deadline. A timeout is ETIMEDOUT (110) with what is still missing and
// the likely cause (no daemon, image in error, split-brain).
import type { ImageRef, PoolRef, SiteStatus } from '../../backends/types.js';
import { Errno, isRbdError, RbdError } from '../../errors.js';
import { expectedSites, summaryState } from '../status-health.js';
import { siteStateText } from '../../rules/site-state.js';
import { formatElapsed as formatSeconds } from '../../rules/duration.js';
import { copiedPrimaryIds, isPrimarySnap, isSplitBrain, mirrorSnaps, parseReplay, sawRemoteDemotion, viewImage, type ImageView } from './observe.js';
import type { FailoverBackend, Timing } from './ports.js';

export const WAIT_CONDITIONS = ['synced', 'demoted', 'promoted', 'replaying'] as const;
export type WaitCondition = (typeof WAIT_CONDITIONS)[number];

export interface WaitProgress { percent?: number; bytesPerSecond?: number; etaSeconds?: number; entriesBehind?: number }
export interface CheckResult { reached: boolean; missing: string; cause?: string; progress?: WaitProgress }
export type Condition = () => Promise<CheckResult>;

export interface WaitOptions {
  timeoutMs?: number;
  timing: Timing;
  /** What is waited for, for the timeout message: `image-pool/image-1 to be synced`. */
  what: string;
  onProgress?(r: CheckResult): void;
  signal?: AbortSignal;
}

/** Polls until reached; ETIMEDOUT naming what is missing when the deadline passes. */
export async function waitUntil(cond: Condition, opts: WaitOptions): Promise<{ elapsedMs: number }> {
  const start = opts.timing.now();
  for (;;) {
    let r: CheckResult;
    try {
      r = await cond();
    } catch (e) {
      // a cluster busy or an image the daemon is still creating: not there yet, keep polling
      if (!isRbdError(e) || e.errno === Errno.EINVAL) throw e;
      r = { reached: false, missing: e.message };
    }
    const elapsedMs = opts.timing.now() - start;
    if (r.reached) return { elapsedMs };
    opts.onProgress?.(r);
    if (opts.timeoutMs !== undefined && elapsedMs >= opts.timeoutMs) {
      throw new RbdError(Errno.ETIMEDOUT,
        `timed out after ${formatSeconds(elapsedMs)} waiting for ${opts.what}: ${r.missing}${r.cause ? `; likely cause: ${r.cause}` : ''}`);
    }
    if (opts.signal?.aborted) throw new RbdError(Errno.ECANCELED, `stopped waiting for ${opts.what}`);
    await opts.timing.sleep(opts.timing.pollMs, opts.signal);
  }
}

/** Why a replica's record does not move: the daemon, an error state, split-brain. */
export function likelyCause(record: SiteStatus | undefined, site: string): string | undefined {
  if (!record || !record.up) return `no rbd-mirror daemon is running for ${site}${record ? ` (status ${siteStateText(record)})` : ''}`;
  if (isSplitBrain(record)) return `split-brain on ${site}: demote the stale copy and run mirror image resync on it`;
  if (record.state === 'error') return `image in error on ${site}: ${record.description}`;
  return undefined;
}

function progressOf(record: SiteStatus | undefined): WaitProgress | undefined {
  const f = record?.up ? parseReplay(record.description) : undefined;
  if (!f) return undefined;
  return { percent: f.snapshot?.percent, bytesPerSecond: f.bytesPerSecond, etaSeconds: f.secondsUntilSynced, entriesBehind: f.journal?.entriesBehind };
}

async function requireMirrored(be: FailoverBackend, ref: ImageRef): Promise<ImageView> {
  const v = await viewImage(be, ref);
  if (!v.info) throw new RbdError(Errno.EINVAL, `mirroring not enabled on the image ${ref.image} on ${be.clusterName}`);
  return v;
}

const secondsOf = (ms: number) => Math.floor(ms / 1000);

/** The replica's record that tells how far it is: its own when we can read it, else the
 *  primary's copy of the peer's record. */
async function replicaRecord(here: FailoverBackend, hereView: ImageView, replica: FailoverBackend | undefined, ref: ImageRef): Promise<SiteStatus | undefined> {
  if (replica && replica !== here) return (await viewImage(replica, ref)).local;
  return hereView.info?.primary ? hereView.peers[0] : hereView.local;
}

/**
 * "synced": the replica has everything the primary had when the wait began. Snapshot mode: a
 * complete copy of the primary's newest mirror snapshot (with `snapshot`, one taken first).
 * Journal mode: the replayer reported, after the start, no entries behind the primary's head.
 * `peer` is the other cluster when it can be opened; without it the status records decide.
 */
export async function syncedCondition(here: FailoverBackend, peer: FailoverBackend | undefined, ref: ImageRef,
  opts: { snapshot?: boolean; timing: Timing; peerName?: string }): Promise<Condition> {
  const startSec = secondsOf(opts.timing.now());
  const view = await requireMirrored(here, ref);
  const hereIsPrimary = view.info!.primary;
  const primary = hereIsPrimary ? here : peer;
  const replica = hereIsPrimary ? peer : here;
  const replicaName = replica?.clusterName ?? opts.peerName ?? 'the peer site';
  const name = ref.image;
  if (view.info!.mode === 'snapshot') {
    if (opts.snapshot) {
      if (!hereIsPrimary) throw new RbdError(Errno.EINVAL, `--snapshot needs the primary: ${name} is not primary on ${here.clusterName}`);
      await here.mirrorImageCreateSnapshot(ref);
    }
    const newest = primary ? (await mirrorSnaps(primary, ref)).filter(isPrimarySnap).at(-1) : undefined;
    return async () => {
      const current = await viewImage(here, ref);
      const record = await replicaRecord(here, current, replica, ref);
      const base = { cause: likelyCause(record, replicaName), progress: progressOf(record) };
      if (newest && replica) {
        if (copiedPrimaryIds(await mirrorSnaps(replica, ref)).has(newest.id)) return { reached: true, missing: '' };
        return { reached: false, missing: `${name}: ${replicaName} has no complete copy of mirror snapshot ${newest.id} yet`, ...base };
      }
      // one cluster only: the replayer's own report, refreshed since the start
      const f = record?.up ? parseReplay(record.description)?.snapshot : undefined;
      const tsNeeded = newest ? secondsOf(newest.timestamp) : f?.remoteTs;
      const reached = !!f && f.idle && record!.lastUpdate > startSec && f.localTs !== undefined && tsNeeded !== undefined && f.localTs >= tsNeeded;
      return { reached, missing: `${name}: ${replicaName} has not reported a copy of the newest mirror snapshot`, ...base };
    };
  }
  // a record is news when written after the start second, or changed since the start
  const initial = (await replicaRecord(here, view, replica, ref))?.description;
  return async () => {
    const current = await viewImage(here, ref);
    const record = await replicaRecord(here, current, replica, ref);
    const j = record?.up && record.state === 'replaying' ? parseReplay(record.description)?.journal : undefined;
    const fresh = !!record && (record.lastUpdate > startSec || record.description !== initial);
    const caughtUp = !!j && j.entriesBehind === 0 && fresh &&
      (j.nonPrimaryTid === undefined || (j.nonPrimaryTid === j.primaryTid && j.nonPrimaryTag === j.primaryTag));
    if (caughtUp) return { reached: true, missing: '' };
    const missing = j?.entriesBehind ? `${name}: ${replicaName} is ${j.entriesBehind} journal entries behind`
      : `${name}: ${replicaName} has not reported replaying up to the primary's head (${record ? siteStateText(record) : 'no status'})`;
    return { reached: false, missing, cause: likelyCause(record, replicaName), progress: progressOf(record) };
  };
}

/** "demoted": this cluster's copy is non-primary and knows of the demotion, so a plain promote works here. */
export function demotedCondition(here: FailoverBackend, ref: ImageRef): Condition {
  return async () => {
    const v = await requireMirrored(here, ref);
    if (v.info!.primary) return { reached: false, missing: `${ref.image} is still primary on ${here.clusterName}` };
    if (v.info!.promotionState === 'orphan') return { reached: true, missing: '' };
    if (v.info!.mode === 'snapshot') {
      // the copy of the demoted snapshot must be complete: the status says "remote image demoted"
      // as soon as the replayer sees it, before the copy is done
      const last = (await mirrorSnaps(here, ref)).at(-1);
      const ns = last?.namespace;
      if (ns?.type === 'mirror' && (ns.state === 'primary-demoted' || (ns.state === 'non-primary-demoted' && ns.complete))) {
        return { reached: true, missing: '' };
      }
    } else if (sawRemoteDemotion(v.local)) {
      return { reached: true, missing: '' };
    }
    return { reached: false, missing: `${here.clusterName} has not received the demotion of ${ref.image} yet`, cause: likelyCause(v.local, here.clusterName) };
  };
}

export function promotedCondition(here: FailoverBackend, ref: ImageRef): Condition {
  return async () => {
    const v = await requireMirrored(here, ref);
    return { reached: v.info!.primary, missing: `${ref.image} is not primary on ${here.clusterName}` };
  };
}

/** "replaying": the state the image counts as in `mirror pool status` is replaying. */
export function replayingCondition(here: FailoverBackend, ref: ImageRef): Condition {
  return async () => {
    const [status, peers] = await Promise.all([here.mirrorImageGlobalStatus(ref), here.listPeers(ref.pool)]);
    const expected = expectedSites(status.sites, peers);
    const state = summaryState(expected);
    if (state === 'replaying') return { reached: true, missing: '' };
    const worst = expected.find((s) => s.state !== 'replaying' && s.state !== 'stopped') ?? expected[0];
    return { reached: false, missing: `${ref.image} is ${state}, not replaying`, cause: likelyCause(worst, worst?.mirrorUuid ? 'the peer site' : here.clusterName) };
  };
}

/** Every condition reached; the first missing one is named. */
export function allOf(conds: readonly { name: string; cond: Condition }[]): Condition {
  return async () => {
    const results = await Promise.all(conds.map((c) => c.cond()));
    const waiting = results.filter((r) => !r.reached);
    if (waiting.length === 0) return { reached: true, missing: '' };
    const first = waiting[0]!;
    return { reached: false, missing: `${waiting.length} of ${results.length} images not there yet; ${first.missing}`, cause: first.cause, progress: first.progress };
  };
}

/** The mirrored images of a pool (namespace), by name. */
export async function mirroredImages(be: FailoverBackend, ref: PoolRef): Promise<string[]> {
  return (await be.mirrorImageStatusList(ref)).filter((s) => s.info.state === 'enabled').map((s) => s.name).sort();
}
