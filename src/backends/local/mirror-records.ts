// Transaction-level mirroring primitives on one image record, shared by the image code
// (feature enable/disable, create in a pool-mode pool), the pool code (mode changes) and
// mirror-image.ts. Call them inside store.tx(); they do not check the pool's mirror mode.
import type { ImageMirrorMode } from '../types.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

/** Enables mirroring on the image as primary with a fresh global id. journal: turns on
 *  exclusive-lock + journaling; snapshot: creates the first primary mirror snapshot. */
export function enableImageMirroring(_core: LocalCore, _imageId: string, _mode: ImageMirrorMode): void {
  notImplemented('enableImageMirroring');
}

/** Disables mirroring: removes mirror snapshots, the record and its status records; journal
 *  mode turns the journaling feature off unless keepJournaling. Non-primary needs force (EINVAL). */
export function disableImageMirroring(_core: LocalCore, _imageId: string, _opts: { force: boolean; keepJournaling?: boolean }): void {
  notImplemented('disableImageMirroring');
}
