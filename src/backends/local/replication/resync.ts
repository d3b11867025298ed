// The daemon's own resync request (rbd-mirror sets the image's resync flag after a journal
// disconnect when rbd_mirroring_resync_after_disconnect is on): the same flag `mirror image
// resync` sets, so the image replayer's one resync path does the rest.
import type { LocalCore } from '../core.js';

export function requestResync(core: LocalCore, imageId: string): void {
  core.store.tx(() => core.store.db.prepare('UPDATE mirror_images SET resync_requested = 1 WHERE image_id = ?').run(imageId));
}
