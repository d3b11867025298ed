// Snapshot-based mirroring of one image (spec 7.4, 5.2). For the next remote primary snapshot T
// after the base B (the remote snapshot our newest local one copies), the replayer
//   1. creates an incomplete local non-primary snapshot referencing T (the marker a forced
//      promotion rolls back from, and the copy's progress record),
//   2. copies the objects that changed on the remote between B and T into the local head,
//   3. replaces the marker by the complete non-primary snapshot (which now holds the data),
//      prunes the superseded local snapshots and unlinks its peer uuid from the remote snapshots
//      older than T (T is the next base).
// A local image that was demoted (newest snapshot primary-demoted) resumes from the remote
// snapshot that copied our demotion; without one while the remote is primary: split-brain.
import type { MirroredImage, MirrorSnapshot, UserSnap } from '../backends/replication.js';
import type { ReplayContext } from './context.js';
import {
  bootstrapping, RateMeter, REMOTE_DEMOTED, REMOTE_NOT_PRIMARY, snapshotReplaying, SPLIT_BRAIN_SNAPSHOT, STARTING_REPLAY,
} from './describe.js';
import { objectCount, pruneLocalUserSnaps } from './data-io.js';
import { followImageState } from './image-state.js';
import { localDataPool } from './images.js';
import { copyObjects } from './object-copy.js';
import { createNonPrimaryCopy, followAtMirrorSnapshot } from './clone-follow.js';
import type { ModeReplayer, Report } from './replayer.js';
import type { SiteStatusValue } from './status.js';
import { STEP_BUDGET_MS } from './timing.js';
import { perfCounters } from './perf-counters.js';

const isPrimarySnap = (s: MirrorSnapshot) => s.state === 'primary' || s.state === 'primary-demoted';
const isNonPrimarySnap = (s: MirrorSnapshot) => s.state === 'non-primary' || s.state === 'non-primary-demoted';
const seconds = (ms: number) => Math.floor(ms / 1000);

export class SnapshotReplayer implements ModeReplayer {
  readonly mode = 'snapshot' as const;
  private meter = new RateMeter();
  private splitBrainImage: string | undefined;
  private syncs = 0;
  private totalBytes = 0;
  private lastBytes = 0;
  private lastSeconds = 0;
  private current?: { snapId: number; started: number; bytes: number };
  private stageKey: string | undefined;

  wakeAt(): undefined {
    return undefined;
  }

  reset(): void {
    this.meter = new RateMeter();
    this.splitBrainImage = undefined;
    this.current = undefined;
    this.stageKey = undefined;
  }

  /** No local image yet: create it with the marker for the newest remote primary snapshot. */
  async bootstrap(ctx: ReplayContext, remote: MirroredImage, report: Report): Promise<boolean> {
    const target = ctx.remote.mirrorSnapshots(remote.imageId).filter((s) => isPrimarySnap(s) && s.complete).at(-1);
    if (!target) return false;
    const size = ctx.remote.snapshotSize(remote.imageId, target.snapId) ?? remote.size;
    ctx.local.transaction(() => {
      const id = createNonPrimaryCopy(ctx, { ...remote, size }, localDataPool(ctx.local, remote, ctx.localPoolName)); // snapl
      ctx.local.createNonPrimarySnapshot(id, {
        globalId: remote.globalId, primaryMirrorUuid: ctx.remoteMirrorUuid, primarySnapId: target.snapId,
        complete: false, lastCopiedObjectNumber: 0,
      });
    });
    report(bootstrapping(0));
    return true;
  }

  /** The first copy: only an incomplete marker, nothing complete before it. */
  syncing(ctx: ReplayContext, local: MirroredImage): boolean {
    const snaps = ctx.local.mirrorSnapshots(local.imageId);
    return snaps.length === 1 && !snaps[0]!.complete;
  }

  async step(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean> {
    const lsnaps = ctx.local.mirrorSnapshots(local.imageId);
    const rsnaps = ctx.remote.mirrorSnapshots(remote.imageId);
    const newest = lsnaps.at(-1);
    if (!newest) {
      // A copy without any mirror snapshot cannot be resumed: start over.
      ctx.local.deleteImage(local.imageId);
      return true;
    }
    if (this.splitBrainImage === local.imageId) { report(SPLIT_BRAIN_SNAPSHOT); return false; }

    if (newest.state === 'non-primary' && !newest.complete) {
      return this.copy(ctx, local, remote, lsnaps, rsnaps, newest, report);
    }

    let base = this.findBase(ctx, newest, rsnaps);
    if (!base && this.followsRemote(ctx, newest) && remote.promotion === 'primary') {
      // Our base was pruned on the remote (we were following it, nothing diverged here): copy the
      // newest remote snapshot in full.
      const latest = rsnaps.filter((s) => isPrimarySnap(s) && s.complete).at(-1);
      if (latest && latest.snapId !== newest.primarySnapId) {
        ctx.log.warn('image_replayer', `${local.name} (${local.globalId}): remote snapshot ${newest.primarySnapId} is gone, full copy of ${latest.snapId}`);
        ctx.local.createNonPrimarySnapshot(local.imageId, {
          globalId: local.globalId, primaryMirrorUuid: ctx.remoteMirrorUuid, primarySnapId: latest.snapId,
          complete: false, lastCopiedObjectNumber: 0,
        });
        return true;
      }
      base = latest;
    }
    if (!base) {
      if (remote.promotion === 'primary') {
        ctx.log.error('image_replayer', `split-brain detected for ${local.name} (${local.globalId}): remote history does not contain our last snapshot`);
        this.splitBrainImage = local.imageId;
        report(SPLIT_BRAIN_SNAPSHOT);
      } else {
        report(REMOTE_NOT_PRIMARY);
      }
      return false;
    }
    const next = rsnaps.find((s) => s.snapId > base.snapId && isPrimarySnap(s) && s.complete);
    if (next) {
      ctx.local.createNonPrimarySnapshot(local.imageId, {
        globalId: local.globalId, primaryMirrorUuid: ctx.remoteMirrorUuid, primarySnapId: next.snapId,
        complete: false, lastCopiedObjectNumber: 0,
      });
      return true;
    }
    // Nothing to copy: idle, or the remote was demoted / is not primary.
    const remoteNewest = rsnaps.at(-1);
    if (remoteNewest?.state === 'primary-demoted' && newest.state === 'non-primary-demoted') report(REMOTE_DEMOTED);
    else if (remote.promotion !== 'primary') report(REMOTE_NOT_PRIMARY);
    else report(this.replaying(newest, base));
    return false;
  }

  /** A complete copy of one of this remote's snapshots: no local history of our own. */
  private followsRemote(ctx: ReplayContext, snap: MirrorSnapshot): boolean {
    return isNonPrimarySnap(snap) && snap.complete && snap.primaryMirrorUuid === ctx.remoteMirrorUuid;
  }

  /** The remote snapshot our newest local snapshot corresponds to. */
  private findBase(ctx: ReplayContext, newest: MirrorSnapshot, rsnaps: MirrorSnapshot[]): MirrorSnapshot | undefined {
    if (isNonPrimarySnap(newest)) {
      if (newest.primaryMirrorUuid !== ctx.remoteMirrorUuid) return undefined;
      return rsnaps.find((s) => s.snapId === newest.primarySnapId);
    }
    // primary-demoted here: the remote must have copied exactly this demotion
    return rsnaps.find((s) => isNonPrimarySnap(s) && s.primaryMirrorUuid === ctx.localMirrorUuid && s.primarySnapId === newest.snapId);
  }

  private replaying(localSnap: MirrorSnapshot, remoteSnap: MirrorSnapshot,
    syncing?: { percent: number; snapshotTimestamp: number; pendingSnapshots: number }): SiteStatusValue {
    const rates = this.meter.rates();
    const bytesPerSnapshot = this.syncs ? this.totalBytes / this.syncs : 0;
    // Ceph's estimate: the pending snapshots at the average snapshot size, at the current rate
    const secondsUntilSynced = syncing && rates.bytesPerSecond > 0 && bytesPerSnapshot > 0
      ? Math.round((bytesPerSnapshot * syncing.pendingSnapshots) / rates.bytesPerSecond) : undefined;
    return snapshotReplaying({
      bytesPerSecond: rates.bytesPerSecond,
      bytesPerSnapshot,
      lastSnapshotBytes: this.lastBytes,
      lastSnapshotSyncSeconds: this.lastSeconds,
      // only once a remote snapshot has been copied here (not right after a failover)
      localSnapshotTimestamp: isNonPrimarySnap(localSnap) ? seconds(localSnap.created) : undefined,
      remoteSnapshotTimestamp: seconds(remoteSnap.created),
      ...(syncing ? {
        syncing: {
          percent: syncing.percent, snapshotTimestamp: syncing.snapshotTimestamp,
          ...(secondsUntilSynced !== undefined ? { secondsUntilSynced } : {}),
        },
      } : {}),
    });
  }

  /** Continues the copy the incomplete marker describes; completes it when done. The copy runs
   *  in stages, one per remote user snapshot between the base and the target (the deep copy's
   *  snapshot map): each stage copies the delta up to that snapshot, at its size, and then
   *  creates the local user snapshot; the last stage copies up to the target. A stage's local
   *  snapshot (newer than the marker) is how a restarted daemon knows the stage is done. */
  private async copy(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, lsnaps: MirrorSnapshot[],
    rsnaps: MirrorSnapshot[], marker: MirrorSnapshot, report: Report): Promise<boolean> {
    const target = rsnaps.find((s) => s.snapId === marker.primarySnapId);
    const previous = lsnaps.slice(0, -1).at(-1);
    const base = previous ? this.findBase(ctx, previous, rsnaps) : undefined;
    if (!target || (previous && !base && !this.followsRemote(ctx, previous))) {
      // The remote snapshot we were copying (or its base) is gone: drop the marker and rescan.
      ctx.local.removeMirrorSnapshot(local.imageId, marker.snapId);
      if (!previous) ctx.local.deleteImage(local.imageId);
      return true;
    }
    const full = !previous;  // the first copy (bootstrap); !base alone = a full re-copy
    const objectSize = ctx.remote.objectSize(remote.imageId);
    const targetSize = ctx.remote.snapshotSize(remote.imageId, target.snapId) ?? ctx.remote.imageSize(remote.imageId);
    const total = Math.max(1, objectCount(targetSize, objectSize));

    const stages = this.userSnapStages(ctx, local, remote, marker, target, full ? 0 : base?.snapId);
    const stage = stages.pending[0];
    const point = stage ?? { snapId: target.snapId, size: targetSize };
    const from = stages.lastDone ?? base?.snapId ?? null;
    const stageKey = `${marker.snapId}:${point.snapId}:${from}`;
    let fromObject = marker.lastCopiedObjectNumber ?? 0;
    if (this.stageKey !== undefined && this.stageKey !== stageKey && this.current?.snapId === target.snapId) fromObject = 0;
    this.stageKey = stageKey;
    if (this.current?.snapId !== target.snapId) this.current = { snapId: target.snapId, started: Date.now(), bytes: 0 };
    // the head takes the stage's size first, so every object of it fits
    ctx.local.resize(local.imageId, point.size);

    const result = await copyObjects({
      source: ctx.remote, sourceImageId: remote.imageId, target: ctx.local, targetImageId: local.imageId,
      snap: point.snapId, size: point.size, base: from, fromObject,
      saveProgress: (n) => ctx.local.setCopyProgress(local.imageId, marker.snapId, n),
      budgetMs: STEP_BUDGET_MS, throttleMs: ctx.timing.syncThrottleMs, signal: ctx.signal,
    });
    this.meter.add(result.bytes, 0);
    this.current.bytes += result.bytes;
    if (!result.done) {
      const objects = Math.max(1, objectCount(point.size, objectSize));
      const stageCount = stages.done + stages.pending.length + 1;
      const percent = ((stages.done + Math.min(result.nextObject, objects) / objects) / stageCount) * 100;
      if (full) report(bootstrapping(percent));
      else {
        const pendingSnapshots = rsnaps.filter((r) => r.snapId >= target.snapId && isPrimarySnap(r) && r.complete).length;
        report(this.replaying(previous!, base ?? target, { percent, snapshotTimestamp: seconds(target.created), pendingSnapshots }));
      }
      return true;
    }
    if (stage) {
      ctx.local.transaction(() => {
        const made = ctx.local.createUserSnapshot(local.imageId, stage);
        ctx.local.setUserSnapshotOrigin(local.imageId, made, stage.snapId); // snapl: how a rename is followed
        ctx.local.setCopyProgress(local.imageId, marker.snapId, 0);
      });
      ctx.log.info('image_replayer', `${local.name} (${local.globalId}): created snapshot ${stage.name}`);
      return true;
    }
    this.complete(ctx, local, remote, marker, target, targetSize, total, rsnaps);
    if (full) report(STARTING_REPLAY);
    this.stageKey = undefined;
    this.syncs++;
    this.totalBytes += this.current.bytes;
    this.lastBytes = this.current.bytes;
    this.lastSeconds = seconds(Date.now() - this.current.started);
    perfCounters.snapshotSynced(this.current.bytes, (Date.now() - this.current.started) / 1000);
    this.current = undefined;
    return true;
  }

  /** The remote user snapshots this copy recreates (newer than `after`, older than the target):
   *  those already created since the marker, and those still to do, oldest first. */
  private userSnapStages(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, marker: MirrorSnapshot,
    target: MirrorSnapshot, after: number | undefined): { done: number; lastDone?: number; pending: UserSnap[] } {
    if (after === undefined) return { done: 0, pending: [] };
    const wanted = ctx.remote.userSnapshots(remote.imageId).filter((s) => s.snapId > after && s.snapId < target.snapId);
    const made = new Set(ctx.local.userSnapshots(local.imageId).filter((s) => s.snapId > marker.snapId).map((s) => s.name));
    const firstPending = wanted.findIndex((s) => !made.has(s.name));
    const done = firstPending < 0 ? wanted.length : firstPending;
    return { done, ...(done > 0 ? { lastDone: wanted[done - 1]!.snapId } : {}), pending: wanted.slice(done) };
  }

  private complete(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, marker: MirrorSnapshot,
    target: MirrorSnapshot, targetSize: number, total: number, rsnaps: MirrorSnapshot[]): void {
    const remoteUserSnaps = ctx.remote.userSnapshots(remote.imageId);
    ctx.local.transaction(() => {
      ctx.local.resize(local.imageId, targetSize);
      followAtMirrorSnapshot(ctx, local, remote, remoteUserSnaps); // snapl: renames, flatten
      // user snapshots deleted on the primary go; image-meta becomes the primary's
      pruneLocalUserSnaps(ctx.local, local.imageId, remoteUserSnaps);
      followImageState(ctx, local, remote);
      ctx.local.removeMirrorSnapshot(local.imageId, marker.snapId);
      const done = ctx.local.createNonPrimarySnapshot(local.imageId, {
        globalId: local.globalId, primaryMirrorUuid: ctx.remoteMirrorUuid, primarySnapId: target.snapId,
        complete: true, lastCopiedObjectNumber: total, demoted: target.state === 'primary-demoted',
      });
      // Superseded local mirror snapshots go; the new one is the base (and rollback point).
      for (const s of ctx.local.mirrorSnapshots(local.imageId)) {
        if (s.snapId < done) ctx.local.removeMirrorSnapshot(local.imageId, s.snapId);
      }
      if (local.state === 'creating') ctx.local.markMirrorEnabled(local.imageId);
    });
    const peer = ctx.remotePeerUuid;
    if (peer) {
      ctx.remote.transaction(() => {
        for (const s of rsnaps) {
          if (s.snapId < target.snapId && isPrimarySnap(s) && s.peerUuids.includes(peer)) ctx.remote.unlinkPeer(remote.imageId, s.snapId, peer);
        }
      });
    }
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): synced remote snapshot ${target.snapId}`);
  }
}
