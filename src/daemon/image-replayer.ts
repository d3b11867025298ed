// One mirrored image (by global id) between the local pool and the remote one: decides each poll
// what the image needs (status only, bootstrap, replay, resync, deletion) and runs a bounded
// piece of that work. Returns true when more work is waiting, so the daemon polls again at once.
import { MIRROR_IMAGE_STATE } from '../backends/local/mirror-records.js';
import type { ReplayContext } from './context.js';
import { LOCAL_PRIMARY, REMOTE_GONE, RESYNC_REQUESTED, SPLIT_BRAIN_JOURNAL, status } from './describe.js';
import { deleteLocalImage, findByGlobalId, type MirroredImage } from './images.js';
import { JournalReplayer } from './journal-replayer.js';
import { SnapshotReplayer } from './snapshot-replayer.js';
import type { SiteStatusValue } from './status.js';

export class ImageReplayer {
  private journal = new JournalReplayer();
  private snapshot = new SnapshotReplayer();
  private clashLogged: string | undefined;

  constructor(readonly globalId: string) {}

  /** Writes the image's status: locally (when the local image exists) and into the remote pool. */
  report(ctx: ReplayContext, value: SiteStatusValue, local: MirroredImage | undefined, remote: MirroredImage | undefined): void {
    if (local) ctx.status.set({ store: ctx.local.store, poolId: ctx.localPoolId, namespace: ctx.namespace, mirrorUuid: '' }, this.globalId, value);
    if (remote && ctx.localMirrorUuid) {
      ctx.status.set({ store: ctx.remote.store, poolId: ctx.remotePoolId, namespace: ctx.namespace, mirrorUuid: ctx.localMirrorUuid }, this.globalId, value);
    }
  }

  async step(ctx: ReplayContext): Promise<boolean> {
    const local = findByGlobalId(ctx.local, ctx.localPoolId, ctx.namespace, this.globalId);
    const remote = findByGlobalId(ctx.remote.core, ctx.remotePoolId, ctx.namespace, this.globalId);
    const remoteLive = remote && remote.state === MIRROR_IMAGE_STATE.enabled ? remote : undefined;
    const report = (v: SiteStatusValue) => this.report(ctx, v, local, remoteLive);

    if (local && local.state === MIRROR_IMAGE_STATE.enabled && local.promotion === 'primary') {
      this.journal.reset();
      this.snapshot.reset();
      report(LOCAL_PRIMARY);
      return false;
    }
    if (local && local.state === MIRROR_IMAGE_STATE.disabling) return false;
    if (!local) {
      if (!remoteLive || remoteLive.promotion !== 'primary') return false;
      return this.bootstrap(ctx, remoteLive);
    }
    if (!remoteLive) {
      // The primary was deleted or its mirroring disabled: the copy goes too.
      if (remote) return false; // still being created or disabled on the remote: wait
      report(REMOTE_GONE);
      ctx.log.info('image_deleter', `deleting local image ${local.name} (${this.globalId}): remote image no longer exists`);
      ctx.local.store.tx(() => deleteLocalImage(ctx.local, local.imageId));
      ctx.status.remove({ store: ctx.local.store, poolId: ctx.localPoolId, namespace: ctx.namespace, mirrorUuid: '' }, this.globalId);
      return false;
    }
    if (local.mode !== remoteLive.mode) {
      report(status('error', 'local image mirroring mode does not match remote'));
      return false;
    }
    if (local.resyncRequested) {
      if (remoteLive.promotion !== 'primary') return false;
      report(RESYNC_REQUESTED);
      ctx.log.info('image_replayer', `resync requested for ${local.name} (${this.globalId}): deleting the local image`);
      ctx.local.store.tx(() => deleteLocalImage(ctx.local, local.imageId));
      // the re-created copy has no status until the daemon reports its bootstrap (as in Ceph)
      ctx.status.remove({ store: ctx.local.store, poolId: ctx.localPoolId, namespace: ctx.namespace, mirrorUuid: '' }, this.globalId);
      this.journal.reset();
      this.snapshot.reset();
      return true;
    }
    return local.mode === 'journal'
      ? this.journal.step(ctx, local, remoteLive, report)
      : this.snapshot.step(ctx, local, remoteLive, report);
  }

  private bootstrap(ctx: ReplayContext, remote: MirroredImage): Promise<boolean> {
    ctx.log.info('image_replayer', `bootstrapping ${remote.name} (${this.globalId}) from the remote primary`);
    const report = (v: SiteStatusValue) => {
      const local = findByGlobalId(ctx.local, ctx.localPoolId, ctx.namespace, this.globalId);
      this.report(ctx, v, local, remote);
    };
    // An image of that name that is not this mirror (e.g. its mirroring was force-disabled here):
    // rbd-mirror reports it to the primary's site as split-brain. Checked before registering on
    // the remote journal, so a clash holds nothing there.
    if (nameTaken(ctx, remote.name)) {
      if (this.clashLogged !== remote.name) {
        ctx.log.error('image_replayer', `${remote.name} (${this.globalId}): a local image of that name is not its mirror: split-brain detected`);
      }
      this.clashLogged = remote.name;
      report(SPLIT_BRAIN_JOURNAL);
      return Promise.resolve(false);
    }
    this.clashLogged = undefined;
    return remote.mode === 'journal' ? this.journal.bootstrap(ctx, remote, report) : this.snapshot.bootstrap(ctx, remote, report);
  }
}

function nameTaken(ctx: ReplayContext, name: string): boolean {
  return !!ctx.local.store.db.prepare('SELECT 1 FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(ctx.localPoolId, ctx.namespace, name);
}
