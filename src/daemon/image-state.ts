// What of the primary's image state a non-primary copy follows besides data and snapshots: its
// name (rbd rename) and its image-meta (rbd image-meta set|remove, conf_ overrides included).
// Journal mode replays them as journaled operations in journal order (applyImageStateEvent, from
// applyEvents), then converges after each pass (what was set before the copy registered);
// snapshot mode applies them at each mirror snapshot, as Ceph's ApplyImageStateRequest does.
import type { JournalEntry, MirroredImage, ReplicationEndpoint } from '../backends/replication.js';
import { Errno, isRbdError } from '../errors.js';
import type { ReplayContext } from './context.js';

/** The local copy takes the primary's name and image-meta. A name another local image holds is
 *  left alone (logged once per name): the copy keeps replaying under its old name. */
export function followImageState(ctx: ReplayContext, local: MirroredImage, remote: MirroredImage, clash: { logged?: string } = {}): void {
  const meta = ctx.remote.imageMeta(remote.imageId);
  if (!sameMeta(meta, ctx.local.imageMeta(local.imageId))) ctx.local.replaceImageMeta(local.imageId, meta);
  if (local.name === remote.name) return;
  if (ctx.local.imageNameTaken(ctx.localPoolId, ctx.namespace, remote.name)) {
    if (clash.logged !== remote.name) ctx.log.error('image_replayer', `cannot rename ${local.name} (${local.globalId}) to ${remote.name}: the name is taken`);
    clash.logged = remote.name;
    return;
  }
  ctx.log.info('image_replayer', `renaming ${local.name} (${local.globalId}) to ${remote.name}, as on the primary`);
  ctx.local.renameImage(local.imageId, remote.name);
}

function sameMeta(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** A replayed Rename / MetadataSet / MetadataRemove journal event; false for any other event. A
 *  rename to a name another local image holds is skipped (followImageState reports it). */
export function applyImageStateEvent(local: ReplicationEndpoint, imageId: string, e: JournalEntry): boolean {
  if (!e.data || (e.type !== 'rename' && e.type !== 'metadata_set' && e.type !== 'metadata_remove')) return false;
  const text = e.data.toString('utf8');
  if (e.type === 'rename') {
    try {
      local.renameImage(imageId, text);
    } catch (err) {
      if (!isRbdError(err, Errno.EEXIST)) throw err;
    }
    return true;
  }
  const meta = local.imageMeta(imageId);
  if (e.type === 'metadata_set') {
    const [key, value] = JSON.parse(text) as [string, string];
    meta[key] = value;
  } else delete meta[text];
  local.replaceImageMeta(imageId, meta);
  return true;
}
