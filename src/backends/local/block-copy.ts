// A full copy from one local store to another inside SQLite: the target's connection attaches the
// source's file (read-only use) and copies each block's visible version with one INSERT ... SELECT
// per range, so no block becomes a JavaScript Buffer on the way. Reading rows out of one store and
// writing them into the other through the driver was most of a full sync's CPU time.
// It covers the common case exactly as writeExtents would write it (a block-aligned range of an
// image that holds nothing there yet, neither image a clone); everything else is left to it.
import type { ReadPoint } from '../replication.js';
import { FEATURES } from '../types.js';
import { headEpoch, imageRowById, layoutOf } from './image-data.js';
import { journalHasReader, skipUnreadJournalEntries } from './journal.js';
import type { Db } from './sqlite.js';
import { cached } from './statements.js';

/** The schema name the source store is attached under, only while one copy transaction runs. */
export const SOURCE_SCHEMA = 'rbdm_copy_source';

/** Runs fn in one write transaction of `db` with the store `sourceFile` attached (fn(true)), or,
 *  when it cannot be attached, in a plain one (fn(false)). The transaction takes this store's
 *  write lock only: BEGIN IMMEDIATE would take the attached store's too, and hold up every writer
 *  of the source cluster while it runs. (ATTACH and DETACH cannot run inside a transaction, hence
 *  one attachment per transaction.) */
export function inTransactionWithSource<T>(db: Db, sourceFile: string, fn: (attached: boolean) => T): T {
  try {
    db.prepare(`ATTACH DATABASE ? AS ${SOURCE_SCHEMA}`).run(sourceFile);
  } catch {
    return db.transaction(() => fn(false)).immediate();
  }
  try {
    return db.transaction(() => {
      // a write as the first statement: the lock is taken on the busy timeout, before any read
      cached(db, 'UPDATE cluster SET id = id WHERE 0').run();
      return fn(true);
    }).deferred();
  } finally {
    db.exec(`DETACH DATABASE ${SOURCE_SCHEMA}`);
  }
}

/** Copies [start, end) of the attached source's image at `at` over the target image; undefined
 *  (nothing done) where writeExtents must do it. Call inside the target's transaction. */
export function copyAttachedBlocks(db: Db, sourceImageId: string, at: ReadPoint, targetImageId: string, start: number,
  end: number): number | undefined {
  const source = cached(db, `SELECT order_bits, EXISTS (SELECT 1 FROM ${SOURCE_SCHEMA}.image_parents WHERE image_id = i.id) AS clone
    FROM ${SOURCE_SCHEMA}.images i WHERE id = ?`).get(sourceImageId) as { order_bits: number; clone: number } | undefined;
  const target = imageRowById(db, targetImageId);
  if (!source || source.clone || source.order_bits !== target.order_bits) return undefined;
  if (cached(db, 'SELECT 1 FROM image_parents WHERE image_id = ?').get(targetImageId)) return undefined;
  const { blockSize } = layoutOf(target.order_bits);
  // (a range ending inside a block would need that block cut: rare, left to writeExtents)
  if (start % blockSize || end % blockSize || end <= start || end > target.size || end > at.size) return undefined;
  const first = start / blockSize;
  const last = end / blockSize - 1;
  if (cached(db, 'SELECT 1 FROM image_blocks WHERE image_id = ? AND block_no BETWEEN ? AND ? LIMIT 1').get(targetImageId, first, last)) return undefined;
  const journaling = (target.features & FEATURES.journaling) !== 0;
  // (a connected reader would need every write as a journal entry)
  if (journaling && journalHasReader(db, targetImageId)) return undefined;
  // The newest version before the read point of each block (the bare `data` of the MAX row), as
  // visibleBlocks reads it; a whiteout (NULL) is nothing to copy into an empty range.
  const copied = cached(db, `INSERT INTO main.image_blocks (image_id, block_no, epoch, data)
    SELECT ?, block_no, ?, data FROM (
      SELECT block_no, MAX(epoch), data FROM ${SOURCE_SCHEMA}.image_blocks
      WHERE image_id = ? AND block_no BETWEEN ? AND ? AND epoch < ? GROUP BY block_no)
    WHERE data IS NOT NULL`)
    .run(targetImageId, headEpoch(db, target), sourceImageId, first, last, at.snapId ?? Number.MAX_SAFE_INTEGER).changes;
  if (copied === 0) return 0;
  // as writeExtents of one extent per stored block would: their journal tids, the modify time
  if (journaling) skipUnreadJournalEntries(db, targetImageId, copied);
  cached(db, 'UPDATE images SET modified = ? WHERE id = ?').run(Date.now(), targetImageId);
  return end - start;
}
