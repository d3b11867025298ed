// Journal-based mirroring of one image (spec 7.4): registers as a client of the primary's
// journal (client id = our pool's mirror uuid), copies the image once (entries written meanwhile
// are replayed afterwards, which makes the fuzzy copy exact), then replays entries in tid order
// from the committed position, commits it, and lets the primary trim what every client has.
//
// Ownership changes: when the replayer reaches the end of a demoted primary's journal, the local
// image becomes orphan and the replayer registers the remote site as a client of the LOCAL
// journal at its current end: that is where the remote resumes after a promotion here. A local
// image that starts replaying drops the registrations on its own journal (they belonged to an
// era when it was primary). So after a forced promotion there is no registration for the stale
// side: when it is demoted it finds none and reports split-brain, as rbd-mirror does.
import { createNonPrimaryCopy } from './clone-follow.js';
import type { MirroredImage } from '../backends/replication.js';
import type { ReplayContext } from './context.js';
import {
  bootstrapping, DISCONNECTED, DISCONNECTED_RESYNC, journalReplaying, position, RateMeter, REMOTE_NOT_PRIMARY, REPLAY_STOPPED, SPLIT_BRAIN_JOURNAL, STARTING_REPLAY, status,
} from './describe.js';
import { applyEvents, objectCount } from './data-io.js';
import { followImageState } from './image-state.js';
import { imageFlag } from './image-options.js';
import { localDataPool } from './images.js';
import { perfCounters } from './perf-counters.js';
import { copyObjects } from './object-copy.js';
import type { ModeReplayer, Report } from './replayer.js';
import { STEP_BUDGET_MS } from './timing.js';

export class JournalReplayer implements ModeReplayer {
  readonly mode = 'journal' as const;
  private meter = new RateMeter();
  private splitBrainImage: string | undefined;
  /** When this replayer replayed the primary's demotion and stopped. */
  private stoppedAt: number | undefined;

  private restartMs = 0;
  private readonly renameClash: { logged?: string } = {};

  wakeAt(): number | undefined {
    return this.stoppedAt === undefined ? undefined : this.stoppedAt + this.restartMs;
  }

  reset(): void {
    this.meter = new RateMeter();
    this.splitBrainImage = undefined;
    this.stoppedAt = undefined;
  }

  /** No local image yet: register on the remote journal at its end, create the copy. */
  async bootstrap(ctx: ReplayContext, remote: MirroredImage, report: Report): Promise<boolean> {
    const clientId = ctx.localMirrorUuid;
    ctx.remote.transaction(() => {
      const head = ctx.remote.journalHead(remote.imageId);
      ctx.remote.registerJournalClient(remote.imageId, clientId, head.lastTid, { sync: { object: 0 } });
    });
    createNonPrimaryCopy(ctx, remote, localDataPool(ctx.local, remote, ctx.localPoolName)); // snapl: clones link their parent
    report(bootstrapping(0));
    return true;
  }

  /** True while the copy still needs its image sync (then the daemon counts it as syncing). */
  syncing(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage): boolean {
    return local.state === 'creating' || !!ctx.remote.journalClient(remote.imageId, ctx.localMirrorUuid)?.data.sync;
  }

  async step(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean> {
    const rs = ctx.remote;
    const clientId = ctx.localMirrorUuid;
    const client = rs.journalClient(remote.imageId, clientId);
    if (local.state === 'creating' || client?.data.sync) return this.fullSync(ctx, local, remote, report);

    if (this.splitBrainImage === local.imageId) { report(SPLIT_BRAIN_JOURNAL); return false; }
    if (this.stoppedAt !== undefined) {
      // stopped at the end of the demoted primary's journal; restarts after the image state
      // check interval, or at once when the remote is primary again
      if (remote.promotion !== 'primary' && Date.now() - this.stoppedAt < ctx.timing.replayerRestartMs) {
        report(REPLAY_STOPPED);
        return false;
      }
      this.stoppedAt = undefined;
    }
    if (remote.promotion === 'non-primary') { report(REMOTE_NOT_PRIMARY); return false; }
    if (!client) {
      if (remote.promotion === 'primary') {
        ctx.log.error('image_replayer', `split-brain detected for ${local.name} (${local.globalId}): no journal position on the remote primary`);
        this.splitBrainImage = local.imageId;
        report(SPLIT_BRAIN_JOURNAL);
      } else {
        report(REMOTE_NOT_PRIMARY);
      }
      return false;
    }
    if (client.state !== 'connected') return this.disconnected(ctx, local, report);

    if (remote.promotion === 'primary' && local.promotion === 'orphan') {
      // Replay resumes after a failover. The registration records where our own journal ended
      // when it was made; an image force-promoted and written since has moved past it.
      // Its tag too: a forced promotion (and the demotion after it) allocated new ones here.
      const localTid = client.data.local_tid;
      const localTag = client.data.local_tag;
      const localHead = ctx.local.journalHead(local.imageId);
      if ((typeof localTid === 'number' && localTid !== localHead.lastTid) || (typeof localTag === 'number' && localTag !== localHead.tagTid)) {
        ctx.log.error('image_replayer', `split-brain detected for ${local.name} (${local.globalId}): local journal moved on since the last sync`);
        this.splitBrainImage = local.imageId;
        report(SPLIT_BRAIN_JOURNAL);
        return false;
      }
      ctx.local.transaction(() => {
        ctx.local.setPromotion(local.imageId, 'non-primary');
        ctx.local.unregisterJournalClients(local.imageId);
        ctx.local.setReplayPosition(local.imageId, undefined);
      });
      report(STARTING_REPLAY);
    }

    const { more, committed } = this.replayBatch(ctx, local, remote, client.commitTid);
    // (after a batch that wrote: a store checkpointing in the background lets its log grow only so far)
    if (committed > client.commitTid) await ctx.local.settle?.(ctx.signal);
    followImageState(ctx, local, remote, this.renameClash);
    const after = rs.journalClient(remote.imageId, clientId)!;
    const head = rs.journalHead(remote.imageId);
    if (remote.promotion === 'orphan') {
      if (committed >= head.lastTid && !more) {
        if (local.promotion === 'non-primary') {
          this.becomeOrphan(ctx, local, remote);
          this.stoppedAt = Date.now();
          this.restartMs = ctx.timing.replayerRestartMs;
          report(REPLAY_STOPPED);
        } else report(REMOTE_NOT_PRIMARY);
        return false;
      }
    }
    const rates = this.meter.rates();
    report(journalReplaying({
      bytesPerSecond: rates.bytesPerSecond,
      entriesPerSecond: rates.perSecond,
      entriesBehind: Math.max(0, head.lastTid - committed),
      primary: position(head.lastTid, head.tagTid),
      // empty until an entry has been replayed since the bootstrap or the last failover, as in Ceph
      ...(typeof after.data.commit_tag === 'number' ? { nonPrimary: position(committed, after.data.commit_tag) } : {}),
    }));
    return more;
  }

  /** The primary flagged our journal client disconnected (`journal client disconnect`, or a
   *  laggy client): replay stops in error; with rbd_mirroring_resync_after_disconnect the image
   *  is flagged for resync, which deletes it and bootstraps a new copy (with a new image id). */
  private disconnected(ctx: ReplayContext, local: MirroredImage, report: Report): boolean {
    if (!imageFlag(ctx.local, local.imageId, 'rbd_mirroring_resync_after_disconnect')) {
      report(DISCONNECTED);
      return false;
    }
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): journal client disconnected: automatic resync`);
    ctx.local.requestResync(local.imageId);
    report(DISCONNECTED_RESYNC);
    return true;
  }

  /** The remote's demotion has been replayed: this copy is orphan, and the remote site is
   *  registered on our journal at its end, ready to follow us after a promotion. */
  private becomeOrphan(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage): void {
    const remoteHead = ctx.remote.journalHead(remote.imageId);
    ctx.local.transaction(() => {
      ctx.local.setPromotion(local.imageId, 'orphan');
      ctx.local.followJournalTag(local.imageId, remoteHead.tagTid);
      ctx.local.setReplayPosition(local.imageId, undefined);
      const head = ctx.local.journalHead(local.imageId);
      // local_tid/local_tag: the end and tag of the remote's own (demoted) journal, checked when
      // it resumes
      ctx.local.registerJournalClient(local.imageId, ctx.remoteMirrorUuid, head.lastTid,
        { local_tid: remoteHead.lastTid, local_tag: remoteHead.tagTid });
    });
    // our journal took the demotion's tag: the remote resuming as primary is no split-brain
    const rs = ctx.remote;
    const ours = rs.journalClient(remote.imageId, ctx.localMirrorUuid);
    const localHead = ctx.local.journalHead(local.imageId);
    if (ours) rs.setJournalClientData(remote.imageId, ctx.localMirrorUuid, { ...ours.data, local_tid: localHead.lastTid, local_tag: localHead.tagTid });
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): remote demotion replayed, local image is orphan`);
  }

  /** Commits our position on the primary, with where our own journal stands meanwhile
   *  (local_tid/local_tag, checked after a failover). */
  private commit(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, tid: number, tagTid: number): void {
    const localHead = ctx.local.journalHead(local.imageId);
    ctx.remote.transaction(() => {
      ctx.remote.commitJournal(remote.imageId, ctx.localMirrorUuid, tid);
      ctx.remote.setJournalClientData(remote.imageId, ctx.localMirrorUuid,
        { local_tid: localHead.lastTid, local_tag: localHead.tagTid, commit_tag: tagTid });
    });
  }

  /** Replays up to one time budget of entries. Each batch is applied in ONE local transaction
   *  together with the position it reaches (the copy knows what it has applied), then committed
   *  on the primary. When that commit did not happen (a crash, the primary's store busy), the next
   *  pass commits the local position first and re-applies nothing. */
  private replayBatch(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, commitTid: number): { more: boolean; committed: number } {
    const started = Date.now();
    let from = commitTid;
    const applied = ctx.local.replayPosition(local.imageId);
    if (applied && applied.mirrorUuid === ctx.remoteMirrorUuid && applied.tid > from) {
      ctx.log.info('image_replayer', `${local.name} (${local.globalId}): committing applied position ${applied.tid} (was ${from})`);
      this.commit(ctx, local, remote, applied.tid, applied.tagTid);
      from = applied.tid;
    }
    for (;;) {
      const entries = ctx.remote.readJournal(remote.imageId, from, ctx.timing.journalBatch);
      if (entries.length === 0) return { more: false, committed: from };
      let bytes = 0;
      const last = entries[entries.length - 1]!;
      ctx.local.transaction(() => {
        bytes = applyEvents(ctx.local, local.imageId, entries);
        ctx.local.followJournalTag(local.imageId, last.tagTid);
        ctx.local.setReplayPosition(local.imageId, { tid: last.tid, tagTid: last.tagTid, mirrorUuid: ctx.remoteMirrorUuid });
      });
      this.meter.add(bytes, entries.length);
      perfCounters.journalReplayed(entries.length, bytes, (Date.now() - started) / 1000);
      this.commit(ctx, local, remote, last.tid, last.tagTid);
      from = last.tid;
      if (ctx.signal.aborted || Date.now() - started >= STEP_BUDGET_MS) return { more: true, committed: from };
    }
  }

  /** The initial copy of the head; progress in our client's data on the remote journal. The
   *  primary's user snapshots are recreated on the way (one stage per snapshot, oldest first,
   *  as the image sync's snapshot copy does); `sync.stage` names the stage the object progress
   *  belongs to. Snapshots created during the copy are also journaled, and replayed after it. */
  private async fullSync(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean> {
    const rs = ctx.remote;
    let client = rs.journalClient(remote.imageId, ctx.localMirrorUuid);
    if (!client || !client.data.sync) {
      // Registration lost (or never made): start the copy over from a fresh position.
      rs.registerJournalClient(remote.imageId, ctx.localMirrorUuid, rs.journalHead(remote.imageId).lastTid, { sync: { object: 0 } });
      client = rs.journalClient(remote.imageId, ctx.localMirrorUuid)!;
    }
    const remoteSize = rs.imageSize(remote.imageId);
    const objectSize = rs.objectSize(remote.imageId);
    const wanted = rs.userSnapshots(remote.imageId);
    const made = new Set(ctx.local.userSnapshots(local.imageId).map((s) => s.name));
    const done = wanted.findIndex((s) => !made.has(s.name));
    const stageIndex = done < 0 ? wanted.length : done;
    const stage = wanted[stageIndex];
    const point = stage ? { snapId: stage.snapId, size: stage.size } : { snapId: null, size: remoteSize };
    const base = stageIndex > 0 ? wanted[stageIndex - 1]!.snapId : null;
    const stageName = stage?.name ?? '';
    const sync = client.data.sync as { object?: number; stage?: string };
    const from = (sync.stage ?? '') === stageName ? Number(sync.object ?? 0) : 0;
    const total = Math.max(1, objectCount(point.size, objectSize));
    ctx.local.resize(local.imageId, point.size);
    let saved = from;
    const result = await copyObjects({
      source: rs, sourceImageId: remote.imageId, target: ctx.local, targetImageId: local.imageId,
      snap: point.snapId, size: point.size, base, fromObject: from, saveProgress: (n) => { saved = n; },
      budgetMs: STEP_BUDGET_MS, throttleMs: ctx.timing.syncThrottleMs, signal: ctx.signal,
    });
    // (the image sync's bytes are not replay: bytes_per_second counts replayed entries only)
    if (!result.done) {
      rs.setJournalClientData(remote.imageId, ctx.localMirrorUuid, { sync: { object: saved, ...(stage ? { stage: stageName } : {}) } });
      report(bootstrapping(((stageIndex + Math.min(saved, total) / total) / (wanted.length + 1)) * 100));
      return true;
    }
    if (stage) {
      ctx.local.createUserSnapshot(local.imageId, stage);
      return true;
    }
    ctx.local.transaction(() => {
      ctx.local.markMirrorEnabled(local.imageId);
      ctx.local.followJournalTag(local.imageId, rs.journalHead(remote.imageId).tagTid);
    });
    const localHead = ctx.local.journalHead(local.imageId);
    rs.setJournalClientData(remote.imageId, ctx.localMirrorUuid, { local_tid: localHead.lastTid, local_tag: localHead.tagTid });
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): image sync complete, replaying the journal`);
    report(STARTING_REPLAY);
    return true;
  }
}
