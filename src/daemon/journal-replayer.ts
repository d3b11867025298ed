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
import { MIRROR_IMAGE_STATE, setPromotion } from '../backends/local/mirror-records.js';
import type { ReplayContext } from './context.js';
import {
  bootstrapping, journalReplaying, RateMeter, REMOTE_NOT_PRIMARY, REPLAY_STOPPED, SPLIT_BRAIN_JOURNAL, STARTING_REPLAY, status,
} from './describe.js';
import { applyEvents, createLocalUserSnap, imageRow, objectCount, resizeLocal, userSnapshots } from './data-io.js';
import { createNonPrimaryImage, localDataPool, setRecordState, type MirroredImage } from './images.js';
import {
  commitAndTrim, followTag, getClient, journalHead, position, readEntries, registerClient, setClientData, unregisterClients,
} from './journal-io.js';
import { copyObjects } from './object-copy.js';
import type { SiteStatusValue } from './status.js';
import { STEP_BUDGET_MS } from './timing.js';

type Report = (v: SiteStatusValue) => void;

export class JournalReplayer {
  private meter = new RateMeter();
  private splitBrainImage: string | undefined;
  /** When this replayer replayed the primary's demotion and stopped. */
  private stoppedAt: number | undefined;

  reset(): void {
    this.meter = new RateMeter();
    this.splitBrainImage = undefined;
    this.stoppedAt = undefined;
  }

  /** No local image yet: register on the remote journal at its end, create the copy. */
  async bootstrap(ctx: ReplayContext, remote: MirroredImage, report: Report): Promise<boolean> {
    const clientId = ctx.localMirrorUuid;
    ctx.remote.store.tx(() => {
      const head = journalHead(ctx.remote.store, remote.imageId);
      registerClient(ctx.remote.store, remote.imageId, clientId, head.lastTid, { sync: { object: 0 } });
    });
    ctx.local.store.tx(() => {
      createNonPrimaryImage(ctx.local, ctx.localPoolId, ctx.namespace, remote, localDataPool(ctx.local, remote, ctx.localPoolName));
    });
    report(bootstrapping(0));
    return true;
  }

  async step(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean> {
    const rs = ctx.remote.store;
    const clientId = ctx.localMirrorUuid;
    const client = getClient(rs, remote.imageId, clientId);
    if (local.state === MIRROR_IMAGE_STATE.creating) return this.fullSync(ctx, local, remote, report);
    if (client?.data.sync) return this.fullSync(ctx, local, remote, report);

    if (this.splitBrainImage === local.imageId) { report(SPLIT_BRAIN_JOURNAL); return false; }
    if (this.stoppedAt !== undefined) {
      // stopped at the end of the demoted primary's journal; restarts after a while, or at once
      // when the remote is primary again
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
    if (client.state !== 'connected') { report(status('error', 'disconnected')); return false; }

    if (remote.promotion === 'primary' && local.promotion === 'orphan') {
      // Replay resumes after a failover. The registration records where our own journal ended
      // when it was made; an image force-promoted and written since has moved past it.
      // Its tag too: a forced promotion (and the demotion after it) allocated new ones here.
      const localTid = client.data.local_tid;
      const localTag = client.data.local_tag;
      const localHead = journalHead(ctx.local.store, local.imageId);
      if ((typeof localTid === 'number' && localTid !== localHead.lastTid) || (typeof localTag === 'number' && localTag !== localHead.tagTid)) {
        ctx.log.error('image_replayer', `split-brain detected for ${local.name} (${local.globalId}): local journal moved on since the last sync`);
        this.splitBrainImage = local.imageId;
        report(SPLIT_BRAIN_JOURNAL);
        return false;
      }
      ctx.local.store.tx(() => {
        setPromotion(ctx.local, local.imageId, 'non-primary');
        unregisterClients(ctx.local.store, local.imageId);
      });
      report(STARTING_REPLAY);
    }

    const more = this.replayBatch(ctx, local, remote, client.commitTid);
    const after = getClient(rs, remote.imageId, clientId)!;
    const head = journalHead(rs, remote.imageId);
    if (remote.promotion === 'orphan') {
      if (after.commitTid >= head.lastTid && !more) {
        if (local.promotion === 'non-primary') {
          this.becomeOrphan(ctx, local, remote);
          this.stoppedAt = Date.now();
          report(REPLAY_STOPPED);
        } else report(REMOTE_NOT_PRIMARY);
        return false;
      }
    }
    const rates = this.meter.rates();
    report(journalReplaying({
      bytesPerSecond: rates.bytesPerSecond,
      entriesPerSecond: rates.perSecond,
      entriesBehind: Math.max(0, head.lastTid - after.commitTid),
      primary: position(head.lastTid, head.tagTid),
      // empty until an entry has been replayed since the bootstrap or the last failover, as in Ceph
      ...(typeof after.data.commit_tag === 'number' ? { nonPrimary: position(after.commitTid, after.data.commit_tag) } : {}),
    }));
    return more;
  }

  /** The remote's demotion has been replayed: this copy is orphan, and the remote site is
   *  registered on our journal at its end, ready to follow us after a promotion. */
  private becomeOrphan(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage): void {
    ctx.local.store.tx(() => {
      setPromotion(ctx.local, local.imageId, 'orphan');
      followTag(ctx.local.store, local.imageId, journalHead(ctx.remote.store, remote.imageId).tagTid);
      const head = journalHead(ctx.local.store, local.imageId);
      // local_tid/local_tag: the end and tag of the remote's own (demoted) journal, checked when
      // it resumes
      const remoteHead = journalHead(ctx.remote.store, remote.imageId);
      registerClient(ctx.local.store, local.imageId, ctx.remoteMirrorUuid, head.lastTid,
        { local_tid: remoteHead.lastTid, local_tag: remoteHead.tagTid });
    });
    // our journal took the demotion's tag: the remote resuming as primary is no split-brain
    const rs = ctx.remote.store;
    const ours = getClient(rs, remote.imageId, ctx.localMirrorUuid);
    const localHead = journalHead(ctx.local.store, local.imageId);
    if (ours) rs.tx(() => setClientData(rs, remote.imageId, ctx.localMirrorUuid, { ...ours.data, local_tid: localHead.lastTid, local_tag: localHead.tagTid }));
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): remote demotion replayed, local image is orphan`);
  }

  /** Replays up to one time budget of entries; true when entries remain. */
  private replayBatch(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, fromTid: number): boolean {
    const started = Date.now();
    let commit = fromTid;
    for (;;) {
      const entries = readEntries(ctx.remote.store, remote.imageId, commit, ctx.timing.journalBatch);
      if (entries.length === 0) return false;
      let bytes = 0;
      const last = entries[entries.length - 1]!;
      ctx.local.store.tx(() => {
        bytes = applyEvents(ctx.local.store, local.imageId, entries);
        followTag(ctx.local.store, local.imageId, last.tagTid);
      });
      commit = last.tid;
      // local_tid/local_tag: where our own journal stands while we follow (checked after a failover)
      const localHead = journalHead(ctx.local.store, local.imageId);
      ctx.remote.store.tx(() => {
        commitAndTrim(ctx.remote.store, remote.imageId, ctx.localMirrorUuid, commit);
        setClientData(ctx.remote.store, remote.imageId, ctx.localMirrorUuid,
          { local_tid: localHead.lastTid, local_tag: localHead.tagTid, commit_tag: last.tagTid });
      });
      this.meter.add(bytes, entries.length);
      if (ctx.stopping() || Date.now() - started >= STEP_BUDGET_MS) return true;
    }
  }

  /** The initial copy of the head; progress in our client's data on the remote journal. The
   *  primary's user snapshots are recreated on the way (one stage per snapshot, oldest first,
   *  as the image sync's snapshot copy does); `sync.stage` names the stage the object progress
   *  belongs to. Snapshots created during the copy are also journaled, and replayed after it. */
  private async fullSync(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean> {
    const rs = ctx.remote.store;
    let client = getClient(rs, remote.imageId, ctx.localMirrorUuid);
    if (!client || !client.data.sync) {
      // Registration lost (or never made): start the copy over from a fresh position.
      rs.tx(() => registerClient(rs, remote.imageId, ctx.localMirrorUuid, journalHead(rs, remote.imageId).lastTid, { sync: { object: 0 } }));
      client = getClient(rs, remote.imageId, ctx.localMirrorUuid)!;
    }
    const rimg = imageRow(rs, remote.imageId);
    const wanted = userSnapshots(rs, remote.imageId);
    const made = new Set(userSnapshots(ctx.local.store, local.imageId).map((s) => s.name));
    const done = wanted.findIndex((s) => !made.has(s.name));
    const stageIndex = done < 0 ? wanted.length : done;
    const stage = wanted[stageIndex];
    const point = stage ? { snapId: stage.snapId, size: stage.size } : { snapId: null, size: rimg.size };
    const base = stageIndex > 0 ? wanted[stageIndex - 1]!.snapId : null;
    const stageName = stage?.name ?? '';
    const sync = client.data.sync as { object?: number; stage?: string };
    const from = (sync.stage ?? '') === stageName ? Number(sync.object ?? 0) : 0;
    const total = Math.max(1, objectCount({ size: point.size, order_bits: rimg.order_bits }));
    if (imageRow(ctx.local.store, local.imageId).size !== point.size) {
      ctx.local.store.tx(() => resizeLocal(ctx.local.store, local.imageId, point.size));
    }
    let saved = from;
    const result = await copyObjects({
      source: rs, sourceImageId: remote.imageId, target: ctx.local.store, targetImageId: local.imageId,
      snap: point.snapId, size: point.size, base, fromObject: from, saveProgress: (n) => { saved = n; },
      budgetMs: STEP_BUDGET_MS, throttleMs: ctx.timing.syncThrottleMs, stopping: ctx.stopping,
    });
    // (the image sync's bytes are not replay: bytes_per_second counts replayed entries only)
    if (!result.done) {
      rs.tx(() => setClientData(rs, remote.imageId, ctx.localMirrorUuid, { sync: { object: saved, ...(stage ? { stage: stageName } : {}) } }));
      report(bootstrapping(((stageIndex + Math.min(saved, total) / total) / (wanted.length + 1)) * 100));
      return true;
    }
    if (stage) {
      ctx.local.store.tx(() => createLocalUserSnap(ctx.local.store, local.imageId, stage));
      return true;
    }
    ctx.local.store.tx(() => {
      setRecordState(ctx.local, local.imageId, MIRROR_IMAGE_STATE.enabled);
      followTag(ctx.local.store, local.imageId, journalHead(rs, remote.imageId).tagTid);
    });
    const localHead = journalHead(ctx.local.store, local.imageId);
    rs.tx(() => setClientData(rs, remote.imageId, ctx.localMirrorUuid, { local_tid: localHead.lastTid, local_tag: localHead.tagTid }));
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): image sync complete, replaying the journal`);
    report(STARTING_REPLAY);
    return true;
  }
}
