// One mirrored image (by global id) between the local pool and the remote one, as a state machine
// like rbd-mirror's ImageReplayer:
//
//      (no local copy, remote primary)            (copy in sync)
//   stopped ─────────────► bootstrapping ───────────────► replaying
//      ▲                        │  │                          │
//      │    (remote gone,       │  └──── error ◄──────────────┤ (split-brain, mode mismatch,
//      └──── resync, primary) ◄─┴──── stopping ◄──────────────┘  a failure)
//
// Each poll decides the state from both sides, runs a bounded piece of the state's work through
// the mode's replayer (journal or snapshot: one interface, replayer.ts) and publishes the status
// in ONE place (publish). A failure is classed (errors.ts): transient ones back off per image,
// permanent ones stay `error` until the image's situation changes (an operator acted).
import { cloneParentReady } from './clone-follow.js';
import type { MirroredImage } from '../backends/replication.js';
import type { ReplayContext } from './context.js';
import { LOCAL_PRIMARY, REMOTE_GONE, RESYNC_REQUESTED, SPLIT_BRAIN_JOURNAL, status } from './describe.js';
import { Backoff, classify } from './errors.js';
import { JournalReplayer } from './journal-replayer.js';
import type { ModeReplayer } from './replayer.js';
import { SnapshotReplayer } from './snapshot-replayer.js';
import type { SiteStatusValue } from './status.js';
import type { SyncThrottle } from './sync-throttle.js';

export type ReplayerState = 'bootstrapping' | 'replaying' | 'stopping' | 'stopped' | 'error';

const WAITING_FOR_SYNC = status('syncing', 'bootstrapping, waiting for an image sync slot');
const MANUAL_STOP = status('stopped', 'stopped');

export class ImageReplayer {
  private readonly replayers: Record<'journal' | 'snapshot', ModeReplayer> = { journal: new JournalReplayer(), snapshot: new SnapshotReplayer() };
  private state: ReplayerState = 'stopped';
  private clashLogged: string | undefined;
  private backoff?: Backoff;
  /** The situation a permanent failure was seen in: retried once it changes. */
  private failedIn: string | undefined;

  /** Stopped from the admin socket (`rbd mirror stop`): no replay until started again. */
  manualStop = false;
  /** The image's name as last seen (the admin socket's `<pool>/<image>` commands). */
  name: string | undefined;

  constructor(readonly globalId: string, private readonly syncs: SyncThrottle) {}

  get current(): ReplayerState {
    return this.state;
  }

  /** The one place status is written: locally (when the local image exists) and into the remote
   *  pool (when the remote image exists). */
  private publish(ctx: ReplayContext, value: SiteStatusValue, local: MirroredImage | undefined, remote: MirroredImage | undefined): void {
    if (local) ctx.status.set({ endpoint: ctx.local, poolId: ctx.localPoolId, namespace: ctx.namespace, mirrorUuid: '' }, this.globalId, value);
    if (remote && ctx.localMirrorUuid) {
      ctx.status.set({ endpoint: ctx.remote, poolId: ctx.remotePoolId, namespace: ctx.namespace, mirrorUuid: ctx.localMirrorUuid }, this.globalId, value);
    }
  }

  private enter(ctx: ReplayContext, next: ReplayerState, why: string): void {
    if (next === this.state) return;
    ctx.log.debug('image_replayer', `${this.globalId}: ${this.state} -> ${next} (${why})`);
    this.state = next;
  }

  private resetReplayers(): void {
    this.replayers.journal.reset();
    this.replayers.snapshot.reset();
  }

  /** When this image needs a pass although neither cluster changed (a back-off or restart
   *  timer), if ever. */
  wakeAt(): number | undefined {
    const times = [this.backoff?.failing ? this.backoff.next : undefined, this.replayers.journal.wakeAt(), this.replayers.snapshot.wakeAt()]
      .filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : undefined;
  }

  /** The image went away on both sides: its sync slot goes too. */
  dispose(): void {
    this.syncs.release(this.globalId);
  }

  /** One bounded piece of work; true when more is waiting (the daemon polls again at once). */
  async step(ctx: ReplayContext): Promise<boolean> {
    const local = ctx.local.mirroredImage(ctx.localPoolId, ctx.namespace, this.globalId);
    const remote = ctx.remote.mirroredImage(ctx.remotePoolId, ctx.namespace, this.globalId);
    const remoteLive = remote && remote.state === 'enabled' ? remote : undefined;
    this.name = local?.name ?? remote?.name ?? this.name;
    if (this.manualStop) return this.stoppedByHand(ctx, local, remoteLive);
    const situation = JSON.stringify([local?.imageId, local?.promotion, local?.resyncRequested, remote?.imageId, remote?.promotion, remote?.state]);
    if (this.backoff?.waiting()) return false;
    if (this.state === 'error' && this.failedIn !== undefined && this.failedIn === situation) return false;
    try {
      const more = await this.decide(ctx, local, remoteLive, remote);
      if (this.backoff?.failing) ctx.log.info('image_replayer', `${this.globalId}: recovered`);
      this.backoff = undefined;
      this.failedIn = undefined;
      return more;
    } catch (e) {
      this.fail(ctx, e, local, situation);
      return false;
    }
  }

  private fail(ctx: ReplayContext, e: unknown, local: MirroredImage | undefined, situation: string): void {
    const message = (e as Error).message;
    const kind = classify(e);
    const first = this.state !== 'error';
    this.enter(ctx, 'error', message);
    if (kind === 'transient') {
      this.backoff ??= new Backoff(ctx.timing.retryMinMs, ctx.timing.retryMaxMs);
      const wait = this.backoff.fail();
      if (first) ctx.log.error('image_replayer', `${ctx.localPoolName} ${this.globalId}: ${message} (retrying, next in ${wait} ms)`);
    } else {
      this.failedIn = situation;
      if (first) ctx.log.error('image_replayer', `${ctx.localPoolName} ${this.globalId}: ${message}`);
    }
    try {
      this.publish(ctx, status('error', `failed to replay: ${message}`), local, undefined);
    } catch { /* the store itself failed; the next attempt reports */ }
  }

  private async decide(ctx: ReplayContext, local: MirroredImage | undefined, remoteLive: MirroredImage | undefined,
    remote: MirroredImage | undefined): Promise<boolean> {
    const report = (v: SiteStatusValue) => this.publish(ctx, v, local, remoteLive);

    if (local && local.state === 'enabled' && local.promotion === 'primary') {
      this.resetReplayers();
      this.syncs.release(this.globalId);
      this.enter(ctx, 'stopped', 'local image is primary');
      report(LOCAL_PRIMARY);
      return false;
    }
    if (local && local.state === 'disabling') return false;
    if (!local) {
      if (!remoteLive || remoteLive.promotion !== 'primary') return false;
      return this.bootstrap(ctx, remoteLive);
    }
    if (!remoteLive) {
      // The primary was deleted or its mirroring disabled: the copy goes too.
      if (remote) return false; // still being created or disabled on the remote: wait
      this.enter(ctx, 'stopping', 'remote image no longer exists');
      report(REMOTE_GONE);
      ctx.log.info('image_deleter', `deleting local image ${local.name} (${this.globalId}): remote image no longer exists`);
      ctx.local.deleteImage(local.imageId);
      ctx.status.remove({ endpoint: ctx.local, poolId: ctx.localPoolId, namespace: ctx.namespace, mirrorUuid: '' }, this.globalId);
      this.syncs.release(this.globalId);
      this.enter(ctx, 'stopped', 'local copy deleted');
      return false;
    }
    if (local.mode !== remoteLive.mode) {
      this.enter(ctx, 'error', 'mode mismatch');
      report(status('error', 'local image mirroring mode does not match remote'));
      return false;
    }
    if (local.resyncRequested) {
      if (remoteLive.promotion !== 'primary') return false;
      this.enter(ctx, 'stopping', 'resync requested');
      report(RESYNC_REQUESTED);
      ctx.log.info('image_replayer', `resync requested for ${local.name} (${this.globalId}): deleting the local image`);
      ctx.local.deleteImage(local.imageId);
      // the re-created copy has no status until the daemon reports its bootstrap (as in Ceph)
      ctx.status.remove({ endpoint: ctx.local, poolId: ctx.localPoolId, namespace: ctx.namespace, mirrorUuid: '' }, this.globalId);
      this.resetReplayers();
      this.enter(ctx, 'stopped', 'local copy deleted for resync');
      return true;
    }
    const replayer = this.replayers[local.mode];
    if (replayer.syncing(ctx, local, remoteLive)) {
      if (!this.syncs.acquire(this.globalId)) { report(WAITING_FOR_SYNC); return false; }
      this.enter(ctx, 'bootstrapping', 'image sync');
    } else {
      this.syncs.release(this.globalId);
      this.enter(ctx, 'replaying', 'in sync');
    }
    let last: SiteStatusValue | undefined;
    const more = await replayer.step(ctx, local, remoteLive, (v) => { last = v; report(v); });
    if (last?.state === 'error') this.enter(ctx, 'error', last.description);
    else if (last?.state === 'stopped') this.enter(ctx, 'stopped', last.description);
    return more;
  }

  private bootstrap(ctx: ReplayContext, remote: MirroredImage): Promise<boolean> {
    const report = (v: SiteStatusValue) => {
      const local = ctx.local.mirroredImage(ctx.localPoolId, ctx.namespace, this.globalId);
      this.publish(ctx, v, local, remote);
    };
    // An image of that name that is not this mirror (e.g. its mirroring was force-disabled here):
    // rbd-mirror reports it to the primary's site as split-brain. Checked before registering on
    // the remote journal, so a clash holds nothing there.
    if (ctx.local.imageNameTaken(ctx.localPoolId, ctx.namespace, remote.name)) {
      if (this.clashLogged !== remote.name) {
        ctx.log.error('image_replayer', `${remote.name} (${this.globalId}): a local image of that name is not its mirror: split-brain detected`);
      }
      this.clashLogged = remote.name;
      this.enter(ctx, 'error', 'name clash');
      report(SPLIT_BRAIN_JOURNAL);
      return Promise.resolve(false);
    }
    this.clashLogged = undefined;
    if (!this.syncs.acquire(this.globalId)) return Promise.resolve(false);
    ctx.log.info('image_replayer', `bootstrapping ${remote.name} (${this.globalId}) from the remote primary`);
    this.enter(ctx, 'bootstrapping', 'no local copy');
    if (!cloneParentReady(ctx, remote)) return Promise.resolve(false); // snapl: a clone waits for its parent's copy
    return this.replayers[remote.mode].bootstrap(ctx, remote, report);
  }

  /** `rbd mirror stop`: reported as Ceph's manually stopped replayer; the sync slot is freed. */
  private stoppedByHand(ctx: ReplayContext, local: MirroredImage | undefined, remote: MirroredImage | undefined): boolean {
    this.syncs.release(this.globalId);
    this.enter(ctx, 'stopped', 'stopped manually');
    if (local && !(local.state === 'enabled' && local.promotion === 'primary')) this.publish(ctx, MANUAL_STOP, local, remote);
    return false;
  }

  /** `rbd mirror restart`: forget the per-image memory (back-off, permanent failure, the mode
   *  replayer's state) and start over at the next pass. */
  restart(): void {
    this.manualStop = false;
    this.backoff = undefined;
    this.failedIn = undefined;
    this.resetReplayers();
    this.state = 'stopped';
  }
}
