// snapl: layering and the snapshot life cycle as rbd-mirror follows them. A mirrored clone is
// created on the peer as a clone of the peer's (non-primary) copy of its parent snapshot, so it
// waits until that copy exists; flatten, snapshot renames and protection follow the primary:
// journal mode as journaled ops (applyLifecycleEvent), snapshot mode at the next mirror snapshot
// (followAtMirrorSnapshot), as Ceph's snapshot replayer does.
import type { JournalEntry, MirroredImage, ReplicationEndpoint, UserSnap } from '../backends/replication.js';
import type { ReplayContext } from './context.js';

/** A clone's peer copy can be made once the parent's copy (with the snapshot) is here. */
export function cloneParentReady(ctx: ReplayContext, remote: MirroredImage): boolean {
  const parent = ctx.remote.cloneParent(remote.imageId);
  if (!parent) return true;
  if (ctx.local.findCloneParent(parent)) return true;
  ctx.log.info('image_replayer', `${remote.name} (${remote.globalId}): waiting for the local copy of parent ${parent.pool}/${parent.namespace ? `${parent.namespace}/` : ''}@${parent.snapName}`);
  return false;
}

/** Bootstrap's local image: a plain non-primary copy, or a clone of the local parent copy. */
export function createNonPrimaryCopy(ctx: ReplayContext, source: MirroredImage, dataPool: string | undefined): string {
  return ctx.local.transaction(() => {
    const id = ctx.local.createNonPrimaryImage(ctx.localPoolId, ctx.namespace, source, dataPool);
    const parent = ctx.remote.cloneParent(source.imageId);
    const local = parent && ctx.local.findCloneParent(parent);
    if (parent && local) ctx.local.linkCloneParent(id, local, Math.min(parent.overlap, source.size), parent.format);
    return id;
  });
}

const payload = (e: JournalEntry): Record<string, string> => {
  try {
    return JSON.parse(e.data?.toString('utf8') ?? '{}') as Record<string, string>;
  } catch {
    return {};
  }
};

/** The journaled ops of the snapshot life cycle; safe to see twice (a done op is a no-op). */
export function applyLifecycleEvent(local: ReplicationEndpoint, imageId: string, e: JournalEntry): void {
  const snaps = () => local.userSnapshots(imageId);
  if (e.type === 'snap_rename') {
    const { from, to } = payload(e);
    if (from && to && snaps().some((s) => s.name === from) && !snaps().some((s) => s.name === to)) local.renameUserSnapshot(imageId, from, to);
  } else if (e.type === 'snap_protect' || e.type === 'snap_unprotect') {
    const snap = snaps().find((s) => s.name === payload(e).name);
    if (snap) local.setSnapshotProtection(imageId, snap.snapId, e.type === 'snap_protect');
  } else if (e.type === 'flatten') {
    local.flattenImage(imageId);
  }
}

/** Snapshot mode, at the mirror snapshot that completes: renames of the user snapshots this copy
 *  made (known by the primary snapshot each copies), and a flatten of the primary. Runs before
 *  user snapshots are pruned by name. Call inside a local transaction. */
export function followAtMirrorSnapshot(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, remoteSnaps: readonly UserSnap[]): void {
  const byId = new Map(remoteSnaps.map((s) => [s.snapId, s]));
  const origins = ctx.local.userSnapshotOrigins(local.imageId);
  for (const s of ctx.local.userSnapshots(local.imageId)) {
    const origin = origins.get(s.snapId);
    const r = origin === undefined ? undefined : byId.get(origin);
    if (r && r.name !== s.name && !ctx.local.userSnapshots(local.imageId).some((x) => x.name === r.name)) {
      ctx.local.renameUserSnapshot(local.imageId, s.name, r.name);
    }
  }
  if (!ctx.remote.cloneParent(remote.imageId) && ctx.local.cloneParent(local.imageId)) ctx.local.flattenImage(local.imageId);
}
