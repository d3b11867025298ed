// The daemon's view of image data, over the data layer (backends/local/image-data.ts): what a
// copy reads from the remote image and writes into the local non-primary one. Writes use the
// mirror daemon's privileged path (`asMirrorDaemon`: no EROFS on a non-primary image).
import {
  changedObjects, discardRange, imageRowById, layoutOf, readObjectChunk, resizeImage as resizeData,
  writeExtents, type ImageRow, type ReadPoint,
} from '../backends/local/image-data.js';
import type { LocalStore } from '../backends/local/store.js';

const AS_DAEMON = { asMirrorDaemon: true } as const;

export function imageRow(store: LocalStore, imageId: string): ImageRow {
  return imageRowById(store.db, imageId);
}

export function objectCount(image: Pick<ImageRow, 'size' | 'order_bits'>): number {
  return Math.ceil(image.size / layoutOf(image.order_bits).objectSize);
}

/** A snapshot's size, or undefined when the snapshot is gone. */
export function snapshotSize(store: LocalStore, imageId: string, snapId: number): number | undefined {
  const row = store.db.prepare('SELECT size FROM snapshots WHERE image_id = ? AND snap_id = ?').get(imageId, snapId) as { size: number } | undefined;
  return row?.size;
}

/** Objects a copy has to visit, ascending: with a base snapshot the objects changed between the
 *  base and `snap` (fast-diff), else every object holding data at `snap` (null = the head). */
export function objectsToCopy(store: LocalStore, image: ImageRow, snap: number | null, base: number | null): number[] {
  if (base !== null) return changedObjects(store.db, image, base, snap ?? 'head');
  // Objects with any stored data up to that point. typeof() lets SQLite answer from the record
  // header without reading the blobs; an object zeroed since is merely copied as zeros.
  const { blockBits } = layoutOf(image.order_bits);
  const rows = store.db.prepare(`SELECT DISTINCT (block_no >> ?) AS o FROM image_blocks
    WHERE image_id = ? AND epoch < ? AND typeof(data) != 'null' ORDER BY o`)
    .all(image.order_bits - blockBits, image.id, snap ?? Number.MAX_SAFE_INTEGER) as { o: number }[];
  return rows.map((r) => r.o);
}

/** Copies one object of the source at `point` over the same object of the target (zeros where the
 *  source has none). Returns the bytes of data copied. Call inside a target transaction. */
export function copyObject(source: LocalStore, sourceImage: ImageRow, point: ReadPoint, target: LocalStore, targetImageId: string,
  objectNo: number): number {
  const chunk = readObjectChunk(source.db, sourceImage, point, objectNo);
  if (chunk.length === 0) return 0;
  const dst = imageRowById(target.db, targetImageId);
  if (chunk.offset >= dst.size) return 0;
  if (chunk.data) return writeExtents(target.db, dst, [{ offset: chunk.offset, data: chunk.data }], AS_DAEMON);
  discardRange(target.db, dst, chunk.offset, chunk.length, AS_DAEMON);
  return 0;
}

export interface ReplayEvent { type: string; offset: number; length: number; data: Buffer | null }

/** Applies replayed journal events to the local image, in order; runs of writes go to the data
 *  layer as one multi-extent write. Returns the bytes written. Call inside a local transaction. */
export function applyEvents(store: LocalStore, imageId: string, events: readonly ReplayEvent[]): number {
  let bytes = 0;
  let run: { offset: number; data: Buffer }[] = [];
  const flush = () => {
    if (run.length) bytes += writeExtents(store.db, imageRowById(store.db, imageId), run, AS_DAEMON);
    run = [];
  };
  for (const e of events) {
    if (e.type === 'write' && e.data) { run.push({ offset: e.offset, data: e.data }); continue; }
    flush();
    const image = imageRowById(store.db, imageId);
    if (e.type === 'discard') discardRange(store.db, image, e.offset, e.length, AS_DAEMON);
    else if (e.type === 'resize') resizeData(store.db, image, e.length, AS_DAEMON);
    else if (e.type === 'snap_create' && e.data) createLocalUserSnap(store, imageId, { name: e.data.toString('utf8'), size: image.size, protected: false });
    else if (e.type === 'snap_remove' && e.data) removeLocalUserSnap(store, imageId, e.data.toString('utf8'));
  }
  flush();
  return bytes;
}

/** Resizes the local copy (follows the primary's size). Call inside a local transaction. */
export function resizeLocal(store: LocalStore, imageId: string, size: number): void {
  const image = imageRowById(store.db, imageId);
  if (image.size !== size) resizeData(store.db, image, size, AS_DAEMON);
}

// --- user snapshots and image-meta (they follow the primary at each mirror snapshot) ---------

export interface UserSnap { snapId: number; name: string; size: number; protected: boolean }

export function userSnapshots(store: LocalStore, imageId: string): UserSnap[] {
  const rows = store.db.prepare(`SELECT snap_id, name, size, protected FROM snapshots
    WHERE image_id = ? AND namespace_type = 'user' ORDER BY snap_id`).all(imageId) as { snap_id: number; name: string; size: number; protected: number }[];
  return rows.map((r) => ({ snapId: r.snap_id, name: r.name, size: r.size, protected: r.protected === 1 }));
}

/** Creates a user snapshot of the local copy's head (SnapshotCreateRequest of the deep copy); a
 *  stale local snapshot of the same name goes first. Call inside a local transaction. */
export function createLocalUserSnap(store: LocalStore, imageId: string, snap: Pick<UserSnap, 'name' | 'size' | 'protected'>): number {
  const { db } = store;
  db.prepare("DELETE FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'").run(imageId, snap.name);
  const row = db.prepare('UPDATE images SET snap_seq = MAX(snap_seq, (SELECT COALESCE(MAX(snap_id), 0) FROM snapshots WHERE image_id = ?)) + 1 WHERE id = ? RETURNING snap_seq')
    .get(imageId, imageId) as { snap_seq: number };
  db.prepare("INSERT INTO snapshots (image_id, snap_id, name, size, protected, created, namespace_type) VALUES (?, ?, ?, ?, ?, ?, 'user')")
    .run(imageId, row.snap_seq, snap.name, snap.size, snap.protected ? 1 : 0, Date.now());
  return row.snap_seq;
}

export function removeLocalUserSnap(store: LocalStore, imageId: string, name: string): void {
  store.db.prepare("DELETE FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'").run(imageId, name);
}

/** Local user snapshots the primary no longer has go; protection follows the primary's. Call
 *  inside a local transaction. */
export function pruneLocalUserSnaps(store: LocalStore, imageId: string, remote: readonly UserSnap[]): void {
  const byName = new Map(remote.map((s) => [s.name, s]));
  for (const s of userSnapshots(store, imageId)) {
    const r = byName.get(s.name);
    if (!r) removeLocalUserSnap(store, imageId, s.name);
    else if (r.protected !== s.protected) {
      store.db.prepare('UPDATE snapshots SET protected = ? WHERE image_id = ? AND snap_id = ?').run(r.protected ? 1 : 0, imageId, s.snapId);
    }
  }
}

/** The local copy's image-meta becomes the primary's. Call inside a local transaction. */
export function copyImageMeta(source: LocalStore, sourceImageId: string, target: LocalStore, targetImageId: string): void {
  const rows = source.db.prepare('SELECT key, value FROM image_meta WHERE image_id = ? ORDER BY key').all(sourceImageId) as { key: string; value: string }[];
  target.db.prepare('DELETE FROM image_meta WHERE image_id = ?').run(targetImageId);
  const insert = target.db.prepare('INSERT INTO image_meta (image_id, key, value) VALUES (?, ?, ?)');
  for (const r of rows) insert.run(targetImageId, r.key, r.value);
}
