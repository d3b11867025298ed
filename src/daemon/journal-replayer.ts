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
import { bootstrapping, journalReplaying, RateMeter, REMOTE_NOT_PRIMARY, SPLIT_BRAIN_JOURNAL, status } from './describe.js';
import { applyEvents, imageRow, objectCount, resizeLocal } from './data-io.js';
import { createNonPrimaryImage, localDataPool, setRecordState, type MirroredImage } from './images.js';
import {
  commitAndTrim, getClient, journalHead, position, readEntries, registerClient, setClientData, unregisterClients,
} from './journal-io.js';
import { copyObjects } from './object-copy.js';
import type { SiteStatusValue } from './status.js';

type Report = (v: SiteStatusValue) => void;
const STEP_BUDGET_MS = 250;

export class JournalReplayer {
  private meter = new RateMeter();
  private splitBrainImage: string | undefined;

  reset(): void {
    this.meter = new RateMeter();
    this.splitBrainImage = undefined;
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
      const localTid = client.data.local_tid;
      if (typeof localTid === 'number' && localTid !== journalHead(ctx.local.store, local.imageId).lastTid) {
        ctx.log.error('image_replayer', `split-brain detected for ${local.name} (${local.globalId}): local journal moved on since the last sync`);
        this.splitBrainImage = local.imageId;
        report(SPLIT_BRAIN_JOURNAL);
        return false;
      }
      ctx.local.store.tx(() => {
        setPromotion(ctx.local, local.imageId, 'non-primary');
        unregisterClients(ctx.local.store, local.imageId);
      });
    }

    const more = this.replayBatch(ctx, local, remote, client.commitTid);
    const after = getClient(rs, remote.imageId, clientId)!;
    const head = journalHead(rs, remote.imageId);
    if (remote.promotion === 'orphan') {
      if (after.commitTid >= head.lastTid && !more) {
        if (local.promotion === 'non-primary') this.becomeOrphan(ctx, local, remote);
        report(REMOTE_NOT_PRIMARY);
        return false;
      }
    }
    const rates = this.meter.rates();
    report(journalReplaying({
      bytesPerSecond: rates.bytesPerSecond,
      entriesPerSecond: rates.perSecond,
      entriesBehind: Math.max(0, head.lastTid - after.commitTid),
      primary: position(head.lastTid, head.tagTid),
      ...(after.commitTid > 0 ? { nonPrimary: position(after.commitTid, head.tagTid) } : {}),
    }));
    return more;
  }

  /** The remote's demotion has been replayed: this copy is orphan, and the remote site is
   *  registered on our journal at its end, ready to follow us after a promotion. */
  private becomeOrphan(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage): void {
    ctx.local.store.tx(() => {
      setPromotion(ctx.local, local.imageId, 'orphan');
      const head = journalHead(ctx.local.store, local.imageId);
      // local_tid: the end of the remote's own (demoted) journal, checked when it resumes
      registerClient(ctx.local.store, local.imageId, ctx.remoteMirrorUuid, head.lastTid,
        { local_tid: journalHead(ctx.remote.store, remote.imageId).lastTid });
    });
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
      ctx.local.store.tx(() => {
        bytes = applyEvents(ctx.local.store, local.imageId, entries);
      });
      commit = entries[entries.length - 1]!.tid;
      // local_tid: where our own journal stands while we follow (checked after a failover)
      const localTid = journalHead(ctx.local.store, local.imageId).lastTid;
      ctx.remote.store.tx(() => {
        commitAndTrim(ctx.remote.store, remote.imageId, ctx.localMirrorUuid, commit);
        setClientData(ctx.remote.store, remote.imageId, ctx.localMirrorUuid, { local_tid: localTid });
      });
      this.meter.add(bytes, entries.length);
      if (ctx.stopping() || Date.now() - started >= STEP_BUDGET_MS) return true;
    }
  }

  /** The initial copy of the head; progress in our client's data on the remote journal. */
  private async fullSync(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, report: Report): Promise<boolean> {
    const rs = ctx.remote.store;
    let client = getClient(rs, remote.imageId, ctx.localMirrorUuid);
    if (!client || !client.data.sync) {
      // Registration lost (or never made): start the copy over from a fresh position.
      rs.tx(() => registerClient(rs, remote.imageId, ctx.localMirrorUuid, journalHead(rs, remote.imageId).lastTid, { sync: { object: 0 } }));
      client = getClient(rs, remote.imageId, ctx.localMirrorUuid)!;
    }
    const from = Number((client.data.sync as { object?: number }).object ?? 0);
    const rimg = imageRow(rs, remote.imageId);
    const total = Math.max(1, objectCount(rimg));
    if (local.size !== rimg.size) ctx.local.store.tx(() => resizeLocal(ctx.local.store, local.imageId, rimg.size));
    let saved = from;
    const result = await copyObjects({
      source: rs, sourceImageId: remote.imageId, target: ctx.local.store, targetImageId: local.imageId,
      snap: null, size: rimg.size, base: null, fromObject: from, saveProgress: (n) => { saved = n; },
      budgetMs: STEP_BUDGET_MS, throttleMs: ctx.timing.syncThrottleMs, stopping: ctx.stopping,
    });
    this.meter.add(result.bytes, 0);
    if (!result.done) {
      rs.tx(() => setClientData(rs, remote.imageId, ctx.localMirrorUuid, { sync: { object: saved } }));
      report(bootstrapping((saved / total) * 100));
      return true;
    }
    ctx.local.store.tx(() => setRecordState(ctx.local, local.imageId, MIRROR_IMAGE_STATE.enabled));
    const localTid = journalHead(ctx.local.store, local.imageId).lastTid;
    rs.tx(() => setClientData(rs, remote.imageId, ctx.localMirrorUuid, { local_tid: localTid }));
    ctx.log.info('image_replayer', `${local.name} (${local.globalId}): image sync complete, replaying the journal`);
    return true;
  }
}
