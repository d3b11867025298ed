// Image contents in the local store: the OSD's objects, librbd's copy-on-write snapshots and the
// object map's "changed since snapshot" knowledge, over the image_blocks table (schema migration 2).
//
// An image of 2^order-byte objects is stored as versioned blocks of 2^min(order, 12) bytes. A
// block row exists only once written (sparse). Its `epoch` is the image's snap_seq at write time:
// snapshot S reads the newest version with epoch < S, the head reads the newest one. The first
// write after a snapshot adds a version instead of updating in place (copy-on-write), so the
// objects changed between two snapshots are the distinct objects of versions in [from, to).
// All functions are synchronous and expect to run inside the caller's store.tx().
import { Errno, RbdError } from '../../errors.js';
import { FEATURES } from '../types.js';
import type { Db } from './sqlite.js';
import { appendJournalEntries, appendJournalEntry } from './journal.js';
import { parentBacked, parentLink, shrinkOverlap, type ParentLink } from './clone-data.js';
import { cached } from './statements.js';

/** 4 KiB blocks, BlueStore's min_alloc_size: a 4K write stores 4K, deltas are exact. */
export const MAX_BLOCK_BITS = 12;

export interface ImageRow {
  id: string;
  name: string;
  size: number;
  order_bits: number;
  features: number;
  snap_seq: number;
}

export interface WriteExtent { offset: number; data: Buffer }

/** How the data of one image is laid out. */
export interface Layout { objectSize: number; blockSize: number; blockBits: number; blocksPerObject: number }

export function layoutOf(orderBits: number): Layout {
  const blockBits = Math.min(orderBits, MAX_BLOCK_BITS);
  return { objectSize: 2 ** orderBits, blockSize: 2 ** blockBits, blockBits, blocksPerObject: 2 ** (orderBits - blockBits) };
}

const JOURNALING = FEATURES.journaling;

export function imageRowById(db: Db, imageId: string): ImageRow {
  const row = cached(db, 'SELECT id, name, size, order_bits, features, snap_seq FROM images WHERE id = ?').get(imageId) as ImageRow | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, 'image does not exist');
  return row;
}

export function imageRowByName(db: Db, poolId: number, namespace: string, name: string): ImageRow {
  const row = db.prepare('SELECT id, name, size, order_bits, features, snap_seq FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(poolId, namespace, name) as ImageRow | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `image '${name}' does not exist`);
  return row;
}

/** The epoch head writes carry: the newest snapshot id ever taken (ids are never reused). */
export function headEpoch(db: Db, image: ImageRow): number {
  const row = cached(db, 'SELECT MAX(snap_id) AS m FROM snapshots WHERE image_id = ?').get(image.id) as { m: number | null };
  return Math.max(image.snap_seq, row.m ?? 0);
}

export interface SnapRow { snap_id: number; name: string; size: number; namespace_type: string }

export function snapshotByName(db: Db, imageId: string, name: string): SnapRow {
  const row = db.prepare('SELECT snap_id, name, size, namespace_type FROM snapshots WHERE image_id = ? AND name = ?')
    .get(imageId, name) as SnapRow | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `snapshot '${name}' does not exist`);
  return row;
}

/** The one snapshot-id allocator (user and mirror snapshots alike): past both the image's
 *  snap_seq and every id in use, so an id is never reused. Call inside a transaction. */
export function allocateSnapId(db: Db, imageId: string): number {
  const row = db.prepare(`UPDATE images SET snap_seq = MAX(snap_seq, (SELECT COALESCE(MAX(snap_id), 0) FROM snapshots WHERE image_id = ?)) + 1
    WHERE id = ? RETURNING snap_seq`).get(imageId, imageId) as { snap_seq: number } | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, 'image not found');
  return row.snap_seq;
}

/** librbd refuses writes to an image that is not primary for mirroring: EROFS. The one check
 *  for data and snapshot writes; mirror_images.promotion is its source of truth (snapshot mode
 *  keeps it equal to what the newest mirror snapshot implies). */
export function assertWritable(db: Db, imageId: string): void {
  const row = cached(db, 'SELECT promotion FROM mirror_images WHERE image_id = ?').get(imageId) as { promotion: string } | undefined;
  if (row && row.promotion !== 'primary') throw new RbdError(Errno.EROFS, 'image is not primary: it is read-only');
}

/** librbd's clip_io: a range starting past the end is EINVAL, one running past it is shortened. */
export function clipRange(size: number, offset: number, length: number): number {
  if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset > size) {
    throw new RbdError(Errno.EINVAL, `offset ${offset} is beyond the end of the image (${size} bytes)`);
  }
  return Math.min(length, size - offset);
}

// --- reading ---------------------------------------------------------------------------------

/** Newest visible version of each block in [first, last]; `before` = snapshot id, or Infinity for the head. */
function visibleBlocks(db: Db, imageId: string, first: number, last: number, before: number, since = -1): { block_no: number; data: Buffer | null }[] {
  // In index order (block, then epoch): the last row of each block is its visible version. A
  // GROUP BY with MAX(epoch) reads the same rows and costs a third more. `since` skips the
  // versions older than a snapshot (a delta's blocks all have a newer one: their data is not read).
  const rows = cached(db, `SELECT block_no, data FROM image_blocks
    WHERE image_id = ? AND block_no BETWEEN ? AND ? AND epoch >= ? AND epoch < ? ORDER BY block_no, epoch`)
    .all(imageId, first, last, since, Number.isFinite(before) ? before : Number.MAX_SAFE_INTEGER) as { block_no: number; data: Buffer | null }[];
  let n = 0;
  for (const r of rows) {
    if (n > 0 && rows[n - 1]!.block_no === r.block_no) rows[n - 1] = r;
    else rows[n++] = r;
  }
  rows.length = n;
  return rows;
}

/** Copies the visible blocks over `out`, which holds [offset, offset + out.length). */
function fillFromBlocks(out: Buffer, offset: number, blockBits: number, blocks: readonly { block_no: number; data: Buffer | null }[]): void {
  const end = offset + out.length;
  for (const { block_no: no, data } of blocks) {
    if (!data) continue;
    const blockStart = no * 2 ** blockBits;
    const from = Math.max(offset, blockStart);
    const to = Math.min(end, blockStart + data.length);
    if (to <= from) continue;
    // (TypedArray.set: a plain memcpy, without Buffer.copy's argument handling)
    out.set(from === blockStart && to === blockStart + data.length ? data : data.subarray(from - blockStart, to - blockStart), from - offset);
  }
}

/** Which point in time to read: the head, or a snapshot (its id and size). */
export interface ReadPoint { snapId: number | null; size: number }

export function headPoint(image: ImageRow): ReadPoint { return { snapId: null, size: image.size }; }

/** rbd_read2: bytes of [offset, offset+length) (clipped to the size); never-written ranges are zeros. */
export function readRange(db: Db, image: ImageRow, at: ReadPoint, offset: number, length: number): Buffer {
  const len = clipRange(at.size, offset, length);
  const out = Buffer.alloc(len);
  if (len === 0) return out;
  const { blockSize, blockBits } = layoutOf(image.order_bits);
  const first = Math.floor(offset / blockSize);
  const last = Math.floor((offset + len - 1) / blockSize);
  const blocks = visibleBlocks(db, image.id, first, last, at.snapId ?? Infinity);
  // snapl: a clone reads its parent where it has no version of its own (a NULL one hides it)
  const link = parentLink(db, image.id);
  if (link && offset < link.overlap) readParent(db, link, offset, len).copy(out);
  if (link) {
    for (const { block_no: no, data } of blocks) {
      if (!data) out.fill(0, Math.max(0, no * blockSize - offset), Math.min(len, (no + 1) * blockSize - offset));
    }
  }
  fillFromBlocks(out, offset, blockBits, blocks);
  return out;
}

/** One object's worth of an image as a reader streams it; data undefined = nothing stored (zeros). */
export interface ImageChunk { offset: number; length: number; data?: Buffer }

/** The chunk of object `objectNo` at the read point (clipped to its size). */
export function readObjectChunk(db: Db, image: ImageRow, at: ReadPoint, objectNo: number): ImageChunk {
  const { objectSize, blocksPerObject, blockBits } = layoutOf(image.order_bits);
  const offset = objectNo * objectSize;
  const length = Math.max(0, Math.min(objectSize, at.size - offset));
  if (length === 0) return { offset, length };
  // one query: the visible versions of the object's blocks (none with data = a hole)
  const first = objectNo * blocksPerObject;
  const blocks = visibleBlocks(db, image.id, first, first + blocksPerObject - 1, at.snapId ?? Infinity);
  const link = parentLink(db, image.id);
  if (link) { // snapl: a clone's object reads through to its parent within the overlap
    if ((!blocks.some((b) => b.data) && !(link.overlap > offset)) || length === 0) return { offset, length };
    return { offset, length, data: readRange(db, image, at, offset, length) };
  }
  if (!blocks.some((b) => b.data)) return { offset, length };
  const data = Buffer.alloc(length);
  fillFromBlocks(data, offset, blockBits, blocks);
  return { offset, length, data };
}

/** The blocks of [offset, offset + length) that hold data at the read point (clipped to its
 *  size), as extents in block order: the stored buffers themselves (cut at the range's ends), no
 *  copy; the rest of the range reads as zeros. `changedSince` (a snapshot id): every block of the
 *  range changed after it, so older versions are not read. A clone's range comes whole (its
 *  parent's data and its own zeros included), as readRange reads it, or [] where neither has
 *  anything. */
export function readStoredExtents(db: Db, image: ImageRow, at: ReadPoint, offset: number, length: number,
  changedSince: number | null = null): WriteExtent[] {
  const end = Math.min(offset + length, at.size);
  if (end <= offset) return [];
  const { blockSize, blockBits } = layoutOf(image.order_bits);
  const first = Math.floor(offset / blockSize);
  const last = Math.floor((end - 1) / blockSize);
  const link = parentLink(db, image.id);
  if (link) { // snapl: a clone reads through to its parent within the overlap
    if (!visibleBlocks(db, image.id, first, last, at.snapId ?? Infinity).some((b) => b.data) && !(link.overlap > offset)) return [];
    return [{ offset, data: readRange(db, image, at, offset, end - offset) }];
  }
  const blocks = visibleBlocks(db, image.id, first, last, at.snapId ?? Infinity, changedSince ?? -1);
  const out: WriteExtent[] = [];
  for (const { block_no: no, data } of blocks) {
    if (!data) continue;
    const start = no * 2 ** blockBits;
    const from = Math.max(offset, start);
    const to = Math.min(end, start + data.length);
    if (to <= from) continue;
    out.push({ offset: from, data: from === start && to === start + data.length ? data : data.subarray(from - start, to - start) });
  }
  return out;
}

// --- writing ---------------------------------------------------------------------------------

interface BlockVersion { epoch: number; data: Buffer | null }

const ZERO_BLOCK = Buffer.alloc(2 ** MAX_BLOCK_BITS);

function isZero(buf: Buffer): boolean {
  // a native memcmp against zeros (blocks are at most 4 KiB)
  if (buf.length <= ZERO_BLOCK.length) return buf.equals(buf.length === ZERO_BLOCK.length ? ZERO_BLOCK : ZERO_BLOCK.subarray(0, buf.length));
  for (let i = 0; i < buf.length; i += ZERO_BLOCK.length) if (!isZero(buf.subarray(i, i + ZERO_BLOCK.length))) return false;
  return true;
}

const LATEST = 'SELECT epoch, data FROM image_blocks WHERE image_id = ? AND block_no = ? ORDER BY epoch DESC LIMIT 1';
// the newest version of each block of a run, in one query (bare `data` comes from the MAX row)
const LATEST_RUN = `SELECT block_no, MAX(epoch) AS epoch, data FROM image_blocks
  WHERE image_id = ? AND block_no BETWEEN ? AND ? GROUP BY block_no`;
const LATEST_RUN_NO_DATA = `SELECT block_no, MAX(epoch) AS epoch, typeof(data) = 'null' AS hole FROM image_blocks
  WHERE image_id = ? AND block_no BETWEEN ? AND ? GROUP BY block_no`;
/** Stands for the stored data of a version whose bytes the write does not need to read. */
const UNREAD = Buffer.alloc(0);

/** Writes whole new block contents (null = zeros) with copy-on-write against the snapshots. */
class BlockWriter {
  constructor(private readonly db: Db, private readonly image: ImageRow, private readonly epoch: number,
    private readonly snapIds: number[], readonly skipIdentical: boolean,
    /** snapl: blocks a clone reads from its parent while it has no version of its own */
    private readonly backed: (blockNo: number) => boolean = () => false) {}

  current(blockNo: number): BlockVersion | undefined {
    return cached(this.db, LATEST).get(this.image.id, blockNo) as BlockVersion | undefined;
  }

  /** The current versions of blocks first..last (one query). Without `withData`, a version that
   *  holds data has `data` UNREAD: enough for a write that replaces the whole block. */
  currentRun(first: number, last: number, withData: boolean): Map<number, BlockVersion> {
    const out = new Map<number, BlockVersion>();
    if (withData) {
      for (const r of cached(this.db, LATEST_RUN).all(this.image.id, first, last) as { block_no: number; epoch: number; data: Buffer | null }[]) {
        out.set(r.block_no, { epoch: r.epoch, data: r.data });
      }
    } else {
      for (const r of cached(this.db, LATEST_RUN_NO_DATA).all(this.image.id, first, last) as { block_no: number; epoch: number; hole: number }[]) {
        out.set(r.block_no, { epoch: r.epoch, data: r.hole ? null : UNREAD });
      }
    }
    return out;
  }

  /** A snapshot taken after version `epoch` was written still reads it. */
  private neededBySnapshot(epoch: number): boolean {
    return this.snapIds.some((s) => s > epoch && s <= this.epoch);
  }

  put(blockNo: number, contents: Buffer | null, prev = this.current(blockNo)): void {
    const data = contents && !isZero(contents) ? contents : null;
    // The daemon rewrites whole objects of which only some blocks changed: the same bytes again
    // are no change for it (no copy for the snapshots, no fast-diff mark). A client's write
    // marks the object even so, as librbd's object map does.
    if (this.skipIdentical && prev && (prev.data === null ? data === null : data !== null && prev.data.equals(data))) return;
    const db = this.db;
    if (prev && (prev.epoch === this.epoch || !this.neededBySnapshot(prev.epoch))) {
      // Nobody else reads the current version: change it in place.
      if (!data && !cached(db, 'SELECT 1 FROM image_blocks WHERE image_id = ? AND block_no = ? AND epoch < ? LIMIT 1').get(this.image.id, blockNo, prev.epoch)
        && !this.backed(blockNo)) {
        cached(db, 'DELETE FROM image_blocks WHERE image_id = ? AND block_no = ? AND epoch = ?').run(this.image.id, blockNo, prev.epoch);
      } else {
        cached(db, 'UPDATE image_blocks SET epoch = ?, data = ? WHERE image_id = ? AND block_no = ? AND epoch = ?')
          .run(this.epoch, data, this.image.id, blockNo, prev.epoch);
      }
      return;
    }
    if (!data && (prev ? !prev.data : !this.backed(blockNo))) return; // zeros before and after
    cached(db, 'INSERT INTO image_blocks (image_id, block_no, epoch, data) VALUES (?, ?, ?, ?)').run(this.image.id, blockNo, this.epoch, data);
  }
}

function blockWriter(db: Db, image: ImageRow, opts: WriteOptions = {}): BlockWriter {
  const snapIds = (cached(db, 'SELECT snap_id FROM snapshots WHERE image_id = ?').all(image.id) as { snap_id: number }[]).map((r) => r.snap_id);
  const link = parentLink(db, image.id);
  const { blockSize } = layoutOf(image.order_bits);
  return new BlockWriter(db, image, headEpoch(db, image), snapIds, !!opts.asMirrorDaemon, (b) => parentBacked(link, b, blockSize));
}

export interface WriteOptions {
  /** The rbd-mirror daemon applying replicated data to a non-primary image (no EROFS check). */
  asMirrorDaemon?: boolean;
}

/** The extents that hit one block, in the order they were given. */
interface BlockHits { blockNo: number; extents: WriteExtent[] }

/** rbd_write2 of every extent, applied in order, in the caller's transaction. Journaling images
 *  record each extent as a journal entry in the same transaction. Returns bytes written. */
export function writeExtents(db: Db, image: ImageRow, extents: readonly WriteExtent[], opts: WriteOptions = {}): number {
  if (!opts.asMirrorDaemon) assertWritable(db, image.id);
  const clipped = extents.map((e) => {
    const len = clipRange(image.size, e.offset, e.data.length);
    return len === e.data.length ? e : { offset: e.offset, data: e.data.subarray(0, len) };
  });
  const { blockSize, blockBits } = layoutOf(image.order_bits);
  // Group by block so a block is read and written once per batch, however many extents hit it.
  const touched = new Map<number, BlockHits>();
  for (const e of clipped) {
    if (e.data.length === 0) continue;
    const first = Math.floor(e.offset / blockSize);
    const last = Math.floor((e.offset + e.data.length - 1) / blockSize);
    for (let b = first; b <= last; b++) {
      const hits = touched.get(b);
      if (hits) hits.extents.push(e);
      else touched.set(b, { blockNo: b, extents: [e] });
    }
  }
  const writer = blockWriter(db, image, opts);
  const link = parentLink(db, image.id);
  // A block whose last extent covers it whole needs no old bytes (only the daemon compares them).
  const blockLength = (b: number) => Math.min(blockSize, image.size - b * blockSize);
  const whole = (h: BlockHits) => {
    const e = h.extents[h.extents.length - 1]!;
    const start = h.blockNo * blockSize;
    return e.offset <= start && e.offset + e.data.length >= start + blockLength(h.blockNo);
  };
  const ordered = [...touched.values()].sort((x, y) => x.blockNo - y.blockNo);
  // The current versions, one query per run of adjacent blocks.
  for (let i = 0; i < ordered.length;) {
    let j = i + 1;
    while (j < ordered.length && ordered[j]!.blockNo === ordered[j - 1]!.blockNo + 1) j++;
    const run = ordered.slice(i, j);
    const withData = writer.skipIdentical || run.some((h) => !whole(h));
    const prevs = run.length === 1 && withData ? undefined : writer.currentRun(run[0]!.blockNo, run[run.length - 1]!.blockNo, withData);
    for (const h of run) {
      const prev = prevs ? prevs.get(h.blockNo) : writer.current(h.blockNo);
      const blockStart = h.blockNo << blockBits;
      const len = blockLength(h.blockNo);
      const last = h.extents[h.extents.length - 1]!;
      let contents: Buffer;
      if (whole(h)) {
        contents = last.data.subarray(blockStart - last.offset, blockStart - last.offset + len);
      } else {
        contents = Buffer.alloc(len);
        if (prev?.data) contents.set(prev.data.length > len ? prev.data.subarray(0, len) : prev.data, 0);
        else if (!prev && parentBacked(link, h.blockNo, blockSize)) readParent(db, link!, blockStart, len).copy(contents); // snapl: copy-up
        for (const e of h.extents) {
          const from = Math.max(e.offset, blockStart);
          const to = Math.min(e.offset + e.data.length, blockStart + len);
          contents.set(e.data.subarray(from - e.offset, to - e.offset), from - blockStart);
        }
      }
      writer.put(h.blockNo, contents, prev);
    }
    i = j;
  }
  if (image.features & JOURNALING) {
    appendJournalEntries(db, image.id, clipped.map((e) => ({ type: 'write', offset: e.offset, length: e.data.length, data: e.data })));
  }
  const bytes = clipped.reduce((n, e) => n + e.data.length, 0);
  if (bytes) cached(db, 'UPDATE images SET modified = ? WHERE id = ?').run(Date.now(), image.id);
  return bytes;
}

/** rbd_discard: the range reads as zeros afterwards. */
export function discardRange(db: Db, image: ImageRow, offset: number, length: number, opts: WriteOptions = {}): void {
  if (!opts.asMirrorDaemon) assertWritable(db, image.id);
  const len = clipRange(image.size, offset, length);
  zeroRange(db, image, offset, len, opts);
  if (image.features & JOURNALING) appendJournalEntry(db, image.id, { type: 'discard', offset, length: len });
}

function zeroRange(db: Db, image: ImageRow, offset: number, length: number, opts: WriteOptions = {}): void {
  if (length <= 0) return;
  const { blockSize } = layoutOf(image.order_bits);
  const writer = blockWriter(db, image, opts);
  const end = offset + length;
  // Only blocks that hold something need a change.
  const rows = db.prepare('SELECT DISTINCT block_no FROM image_blocks WHERE image_id = ? AND block_no BETWEEN ? AND ?')
    .all(image.id, Math.floor(offset / blockSize), Math.floor((end - 1) / blockSize)) as { block_no: number }[];
  // snapl: in a clone, the blocks that read the parent need zeros of their own too
  const link = parentLink(db, image.id);
  const blocks = new Set(rows.map((r) => r.block_no));
  if (link) for (let b = Math.floor(offset / blockSize); b * blockSize < Math.min(end, link.overlap); b++) blocks.add(b);
  for (const b of [...blocks].sort((x, y) => x - y)) {
    const prev = writer.current(b);
    const start = b * blockSize;
    const base = prev ? prev.data : parentBacked(link, b, blockSize) ? readParent(db, link!, start, Math.min(blockSize, image.size - start)) : null;
    if (!base) continue;
    if (offset <= start && end >= start + blockSize) { writer.put(b, null, prev); continue; }
    const contents = Buffer.from(base);
    contents.fill(0, Math.max(0, offset - start), Math.min(contents.length, end - start));
    writer.put(b, contents, prev);
  }
}

/** rbd_resize2: shrinking drops the data past the new end (snapshots keep theirs). */
export function resizeImage(db: Db, image: ImageRow, size: number, opts: WriteOptions = {}): void {
  if (!opts.asMirrorDaemon) assertWritable(db, image.id);
  if (!Number.isSafeInteger(size) || size < 0) throw new RbdError(Errno.EINVAL, `invalid size ${size}`);
  if (size < image.size) shrinkOverlap(db, image.id, size); // snapl
  if (size < image.size) zeroRange(db, image, size, image.size - size, opts);
  db.prepare('UPDATE images SET size = ?, modified = ? WHERE id = ?').run(size, Date.now(), image.id);
  if (image.features & JOURNALING) appendJournalEntry(db, image.id, { type: 'resize', offset: 0, length: size });
  image.size = size;
}

// --- what changed (fast-diff) ---------------------------------------------------------------

/** Objects whose contents may differ between snapshot `fromSnapId` (null = an empty image) and
 *  snapshot `to` (or the head), found from the block versions alone, without reading data. */
export function changedObjects(db: Db, image: ImageRow, fromSnapId: number | null, to: number | 'head'): number[] {
  const { blockBits } = layoutOf(image.order_bits);
  const shift = image.order_bits - blockBits;
  const rows = db.prepare(`SELECT DISTINCT (block_no >> ?) AS object_no FROM image_blocks
    WHERE image_id = ? AND epoch >= ? AND epoch < ? ORDER BY object_no`)
    .all(shift, image.id, fromSnapId ?? -1, to === 'head' ? Number.MAX_SAFE_INTEGER : to) as { object_no: number }[];
  return rows.map((r) => r.object_no);
}

/** Objects with any stored version up to `before` (a snapshot id; null = the head), ascending:
 *  answered from the block index alone, without a look at the rows. An object zeroed since (or
 *  holding only whiteouts) is listed too, and then copied as zeros. */
export function objectsWithData(db: Db, image: ImageRow, before: number | null): number[] {
  const { blockBits } = layoutOf(image.order_bits);
  const rows = db.prepare(`SELECT DISTINCT (block_no >> ?) AS o FROM image_blocks INDEXED BY image_blocks_version
    WHERE image_id = ? AND epoch < ? ORDER BY o`)
    .all(image.order_bits - blockBits, image.id, before ?? Number.MAX_SAFE_INTEGER) as { o: number }[];
  return rows.map((r) => r.o);
}

/** Objects holding data at a point in time (rbd's object map "exists"). */
export function existingObjects(db: Db, image: ImageRow, at: number | 'head'): Set<number> {
  const { blockBits } = layoutOf(image.order_bits);
  const rows = db.prepare(`SELECT block_no, MAX(epoch) AS epoch, data IS NOT NULL AS present FROM image_blocks
    WHERE image_id = ? AND epoch < ? GROUP BY block_no`)
    .all(image.id, at === 'head' ? Number.MAX_SAFE_INTEGER : at) as { block_no: number; present: number }[];
  const shift = image.order_bits - blockBits;
  const out = new Set(rows.filter((r) => r.present).map((r) => r.block_no >> shift));
  const link = parentLink(db, image.id); // snapl: a clone's objects include what it reads from its parent
  if (link) for (const o of parentObjects(db, image, link)) out.add(o);
  return out;
}

/** rbd_snap_rollback: the head becomes the snapshot's contents and size again, touching only the
 *  blocks changed since it. `asMirrorDaemon` undoes a partially applied delta on a non-primary. */
export function rollbackToSnapshot(db: Db, image: ImageRow, snapId: number, opts: WriteOptions = {}): void {
  if (!opts.asMirrorDaemon) assertWritable(db, image.id);
  const snap = db.prepare('SELECT size FROM snapshots WHERE image_id = ? AND snap_id = ?').get(image.id, snapId) as { size: number } | undefined;
  if (!snap) throw new RbdError(Errno.ENOENT, `snapshot ${snapId} does not exist`);
  const changed = db.prepare('SELECT DISTINCT block_no FROM image_blocks WHERE image_id = ? AND epoch >= ?')
    .all(image.id, snapId) as { block_no: number }[];
  const atSnap = db.prepare('SELECT data FROM image_blocks WHERE image_id = ? AND block_no = ? AND epoch < ? ORDER BY epoch DESC LIMIT 1');
  const writer = blockWriter(db, image, opts);
  const link = parentLink(db, image.id);
  const { blockSize } = layoutOf(image.order_bits);
  for (const { block_no: b } of changed) {
    const row = atSnap.get(image.id, b, snapId) as { data: Buffer | null } | undefined;
    // snapl: a clone's block that read its parent at the snapshot reads it again (copied up)
    const parentData = !row && parentBacked(link, b, blockSize) ? readParent(db, link!, b * blockSize, Math.max(0, Math.min(blockSize, snap.size - b * blockSize))) : null;
    writer.put(b, row?.data ?? parentData);
  }
  db.prepare('UPDATE images SET size = ?, modified = ? WHERE id = ?').run(snap.size, Date.now(), image.id);
  image.size = snap.size;
}

// ---- layering: reads through a clone's parent (snapl) ----

/** The parent snapshot's bytes of [offset, offset+length) clipped to the overlap (zeros past it). */
export function readParent(db: Db, link: ParentLink, offset: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  const parent = imageRowById(db, link.parentImageId);
  const snap = db.prepare('SELECT size FROM snapshots WHERE image_id = ? AND snap_id = ?').get(link.parentImageId, link.parentSnapId) as { size: number } | undefined;
  const end = Math.min(offset + length, link.overlap, snap?.size ?? 0);
  if (end > offset) readRange(db, parent, { snapId: link.parentSnapId, size: snap!.size }, offset, end - offset).copy(out);
  return out;
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
