// Image data I/O of the local backend: the ImageIoApi over image-data.ts.
import { Errno, RbdError } from '../../errors.js';
import type { ImageDiffExtent, ImageIoApi, ImageReadChunk } from '../backend.js';
import type { ImageRef } from '../types.js';
import type { LocalCore } from './core.js';
import {
  assertWritable, changedObjects, existingObjects, headPoint, imageRowByName, layoutOf, readObjectChunk,
  readRange, resizeImage, snapshotByName, writeExtents, type ImageRow, type ReadPoint,
} from './image-data.js';
import type { Db } from './sqlite.js';
import { cached } from './statements.js';
import type { LocalStore } from './store.js';

function findImage(store: LocalStore, ref: ImageRef): ImageRow {
  return imageRowByName(store.db, store.poolRefId(ref), ref.namespace, ref.image);
}

function readPoint(store: LocalStore, image: ImageRow, snap: string | undefined): ReadPoint {
  if (snap === undefined) return headPoint(image);
  const s = snapshotByName(store.db, image.id, snap);
  return { snapId: s.snap_id, size: s.size };
}

export function imageIoApi(core: LocalCore): ImageIoApi {
  return {
    readImage: async (ref, offset, length, snap) => {
      const { store } = core;
      return store.db.transaction(() => {
        const image = findImage(store, ref);
        return readRange(store.db, image, readPoint(store, image, snap), offset, length);
      })();
    },

    readImageChunks: (ref, snap) => ({
      async *[Symbol.asyncIterator](): AsyncGenerator<ImageReadChunk> {
        const { store } = core;
        const image = findImage(store, ref);
        const at = readPoint(store, image, snap);
        const { objectSize } = layoutOf(image.order_bits);
        const count = Math.ceil(at.size / objectSize);
        // one query for the objects that hold data; the runs between them are single holes, so
        // a 10T image with 1 MiB written is a few chunks, not millions of object look-ups
        const present = [...existingObjects(store.db, image, at.snapId ?? 'head')].filter((o) => o < count).sort((x, y) => x - y);
        let next = 0;
        for (const objectNo of [...present, count]) {
          if (objectNo > next) {
            const offset = next * objectSize;
            yield { offset, length: Math.min(objectNo * objectSize, at.size) - offset };
          }
          if (objectNo < count) yield readObjectChunk(store.db, image, at, objectNo);
          next = objectNo + 1;
        }
      },
    }),

    writeImage: async (ref, extents) => {
      const { store } = core;
      return store.tx(() => writeExtents(store.db, findImage(store, ref), extents));
    },

    flushImage: async (ref) => {
      const { store } = core;
      assertWritable(store.db, findImage(store, ref).id);
    },

    resizeImage: async (ref, size, allowShrink) => {
      const { store } = core;
      store.tx(() => {
        const image = findImage(store, ref);
        if (size < image.size && !allowShrink) throw new RbdError(Errno.EINVAL, 'shrinking needs allow_shrink');
        resizeImage(store.db, image, size);
      });
    },

    diffImage: async (ref, opts) => {
      const { store } = core;
      return store.db.transaction(() => {
        const image = findImage(store, ref);
        const to = readPoint(store, image, opts.snap);
        const from = opts.fromSnap === undefined ? null : snapshotByName(store.db, image.id, opts.fromSnap).snap_id;
        if (from !== null && to.snapId !== null && from > to.snapId) {
          throw new RbdError(Errno.EINVAL, 'the from snapshot is newer than the end snapshot');
        }
        return diffExtents(store.db, image, from, to, opts.wholeObject);
      })();
    },
  };
}

/** The blocks changed between snapshot `from` (null = the beginning) and `to`, merged into runs
 *  that stay within one object, from the block index alone: whether a run still holds data is
 *  left to the copy that reads it (`exists` is always true; a run may read as zeros). */
export function changedBlockRuns(db: Db, image: ImageRow, from: number | null, to: ReadPoint): ImageDiffExtent[] {
  const { blockSize, blocksPerObject } = layoutOf(image.order_bits);
  const rows = cached(db, `SELECT DISTINCT block_no FROM image_blocks WHERE image_id = ? AND epoch >= ? AND epoch < ?
    ORDER BY block_no`).all(image.id, from ?? -1, to.snapId ?? Number.MAX_SAFE_INTEGER) as { block_no: number }[];
  const out: ImageDiffExtent[] = [];
  for (const { block_no: no } of rows) {
    const start = no * blockSize;
    if (start >= to.size) break;
    const length = Math.min(blockSize, to.size - start);
    const last = out[out.length - 1];
    if (last && last.offset + last.length === start && no % blocksPerObject !== 0) last.length += length;
    else out.push({ offset: start, length, exists: true });
  }
  return out;
}

/** rbd_diff_iterate2 from snapshot `from` (null = the beginning) to `to`: whole objects
 *  (fast-diff) or the changed blocks merged into runs. */
export function diffExtents(db: Db, image: ImageRow, from: number | null, to: ReadPoint, wholeObject: boolean): ImageDiffExtent[] {
  const point = to.snapId ?? 'head';
  const { objectSize, blockSize, blocksPerObject } = layoutOf(image.order_bits);
  // (the object map's "exists" is only needed for whole objects: a full scan of the index)
  const exists = wholeObject ? existingObjects(db, image, point) : new Set<number>();
  const out: ImageDiffExtent[] = [];
  for (const objectNo of changedObjects(db, image, from, point)) {
    const offset = objectNo * objectSize;
    if (offset >= to.size) continue;
    if (wholeObject) {
      out.push({ offset, length: Math.min(objectSize, to.size - offset), exists: exists.has(objectNo) });
      continue;
    }
    // Exact: the blocks of the object that changed in the range, merged into runs. A block's
    // newest version before `to` is one of those written in the range, so presence is read from
    // the changed versions alone (typeof() reads no blob).
    const rows = cached(db, `SELECT block_no, MAX(epoch) AS epoch, typeof(data) != 'null' AS present FROM image_blocks
      WHERE image_id = ? AND block_no BETWEEN ? AND ? AND epoch >= ? AND epoch < ? GROUP BY block_no ORDER BY block_no`)
      .all(image.id, objectNo * blocksPerObject, (objectNo + 1) * blocksPerObject - 1, from ?? -1, to.snapId ?? Number.MAX_SAFE_INTEGER) as
      { block_no: number; epoch: number; present: number }[];
    for (const r of rows) {
      const start = r.block_no * blockSize;
      if (start >= to.size) continue;
      const length = Math.min(blockSize, to.size - start);
      const last = out[out.length - 1];
      if (last && last.exists === !!r.present && last.offset + last.length === start) last.length += length;
      else out.push({ offset: start, length, exists: !!r.present });
    }
  }
  return out;
}

