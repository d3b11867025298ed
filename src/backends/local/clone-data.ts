// The data side of layering on the local store: a clone reads through to its parent snapshot
// within the overlap wherever it has no block version of its own (a version with data NULL is
// the clone's own zeros and hides the parent), a first write copies the parent's block up, and
// flatten copies every parent block the clone lacks under all of its points in time (epoch 0,
// older than any snapshot id), so the clone's snapshots stay readable without the parent.
// Synchronous, inside the caller's transaction, like image-data.ts which calls these hooks.
import type { Db } from './sqlite.js';
import { existingObjects, imageRowById, layoutOf, readRange, type ImageRow } from './image-data.js';

export interface ParentLink { imageId: string; parentImageId: string; parentSnapId: number; overlap: number; format: 1 | 2 }

interface LinkRow { image_id: string; parent_image_id: string; parent_snap_id: number; overlap: number; clone_format: number }

export function parentLink(db: Db, imageId: string): ParentLink | undefined {
  const r = db.prepare('SELECT * FROM image_parents WHERE image_id = ?').get(imageId) as LinkRow | undefined;
  return r && { imageId: r.image_id, parentImageId: r.parent_image_id, parentSnapId: r.parent_snap_id, overlap: r.overlap, format: r.clone_format === 1 ? 1 : 2 };
}

/** The parent snapshot's bytes of [offset, offset+length) clipped to the overlap (zeros past it). */
export function readParent(db: Db, link: ParentLink, offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  const parent = imageRowById(db, link.parentImageId);
  const snap = db.prepare('SELECT size FROM snapshots WHERE image_id = ? AND snap_id = ?').get(link.parentImageId, link.parentSnapId) as { size: number } | undefined;
  const end = Math.min(offset + length, link.overlap, snap?.size ?? 0);
  if (end > offset) readRange(db, parent, { snapId: link.parentSnapId, size: snap!.size }, offset, end - offset).copy(out);
  return out;
}

/** Whether a block without a version of its own reads the parent. */
export function parentBacked(link: ParentLink | undefined, blockNo: number, blockSize: number): boolean {
  return !!link && blockNo * blockSize < link.overlap;
}

/** The clone's objects that read parent data at the point (for `exists` of whole objects). */
export function parentObjects(db: Db, image: ImageRow, link: ParentLink): number[] {
  const parent = imageRowById(db, link.parentImageId);
  const pSize = 2 ** parent.order_bits;
  const cSize = 2 ** image.order_bits;
  const out = new Set<number>();
  for (const o of existingObjects(db, parent, link.parentSnapId)) {
    const start = o * pSize;
    const end = Math.min((o + 1) * pSize, link.overlap);
    for (let c = Math.floor(start / cSize); c * cSize < end; c++) out.add(c);
  }
  return [...out];
}

/** A shrink cuts the overlap: growing again never shows the parent's data past it. */
export function shrinkOverlap(db: Db, imageId: string, size: number): void {
  db.prepare('UPDATE image_parents SET overlap = MIN(overlap, ?) WHERE image_id = ?').run(size, imageId);
}

/** rbd_flatten: the parent's data the clone does not hold becomes the clone's own, then the link
 *  goes (a trashed parent snapshot with no other child goes with it: schema trigger). */
export function flattenClone(db: Db, image: ImageRow, link: ParentLink): void {
  const { blockSize } = layoutOf(image.order_bits);
  const oldest = db.prepare('SELECT MIN(epoch) AS e FROM image_blocks WHERE image_id = ? AND block_no = ?');
  const insert = db.prepare('INSERT INTO image_blocks (image_id, block_no, epoch, data) VALUES (?, ?, 0, ?)');
  const objectSize = 2 ** image.order_bits;
  for (const o of parentObjects(db, image, link).sort((a, b) => a - b)) {
    const start = o * objectSize;
    const end = Math.min(start + objectSize, link.overlap, image.size);
    for (let b = Math.floor(start / blockSize); b * blockSize < end; b++) {
      const e = (oldest.get(image.id, b) as { e: number | null }).e;
      if (e !== null && e <= 0) continue; // the clone's own data from the start
      const data = readParent(db, link, b * blockSize, Math.min(blockSize, end - b * blockSize));
      if (data.some((x) => x !== 0)) insert.run(image.id, b, data);
    }
  }
  db.prepare('DELETE FROM image_parents WHERE image_id = ?').run(image.id);
}
