// The data side of layering on the local store: a clone reads through to its parent snapshot
// within the overlap wherever it has no block version of its own (a version with data NULL is
// the clone's own zeros and hides the parent), a first write copies the parent's block up, and
// flatten copies every parent block the clone lacks under all of its points in time (epoch 0,
// older than any snapshot id), so the clone's snapshots stay readable without the parent.
// Synchronous, inside the caller's transaction. The link itself is here; what reads data through
// it (readParent, parentObjects, flattenClone) lives in image-data.ts, since a parent is read as
// any image is.
import type { Db } from './sqlite.js';
import { cached } from './statements.js';

export interface ParentLink { imageId: string; parentImageId: string; parentSnapId: number; overlap: number; format: 1 | 2 }

interface LinkRow { image_id: string; parent_image_id: string; parent_snap_id: number; overlap: number; clone_format: number }

export function parentLink(db: Db, imageId: string): ParentLink | undefined {
  // every read and write of an image asks: a cached statement
  const r = cached(db, 'SELECT * FROM image_parents WHERE image_id = ?').get(imageId) as LinkRow | undefined;
  return r && { imageId: r.image_id, parentImageId: r.parent_image_id, parentSnapId: r.parent_snap_id, overlap: r.overlap, format: r.clone_format === 1 ? 1 : 2 };
}


/** Whether a block without a version of its own reads the parent. */
export function parentBacked(link: ParentLink | undefined, blockNo: number, blockSize: number): boolean {
  return !!link && blockNo * blockSize < link.overlap;
}


/** A shrink cuts the overlap: growing again never shows the parent's data past it. */
export function shrinkOverlap(db: Db, imageId: string, size: number): void {
  db.prepare('UPDATE image_parents SET overlap = MIN(overlap, ?) WHERE image_id = ?').run(size, imageId);
}

