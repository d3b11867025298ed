// Image data through librbd: rbd_read2 / rbd_write2 + rbd_flush / rbd_resize2 / rbd_diff_iterate2.
// Each call opens the image (at a snapshot for reads), acts and closes it.
import type { ImageDiffExtent, ImageIoApi, ImageReadChunk } from '../backend.js';
import type { ImageRef } from '../types.js';
import { imageArgs } from './images.js';
import type { NativeArg, NativeCluster } from './native.js';

export function imageIoApi(c: NativeCluster): ImageIoApi {
  const diff = (ref: ImageRef, o: { fromSnap?: string; snap?: string; wholeObject: boolean }) =>
    c.call<ImageDiffExtent[]>('image_diff', ...imageArgs(ref), o.snap ?? '', o.fromSnap ?? '', o.wholeObject);
  return {
    readImage: (ref, offset, length, snap) => c.call<Buffer>('image_read', ...imageArgs(ref), snap ?? '', offset, length),

    // Objects that were never written are skipped by a whole-object diff from creation: only the
    // objects that exist are read, one at a time.
    async *readImageChunks(ref, snap): AsyncIterable<ImageReadChunk> {
      const { size, object_size: objectSize } = await c.call<{ size: number; object_size: number }>('image_layout', ...imageArgs(ref), snap ?? '');
      const existing = (await diff(ref, { snap, wholeObject: true })).filter((e) => e.exists);
      const stored = new Set<number>();
      for (const e of existing) {
        for (let k = Math.floor(e.offset / objectSize); k * objectSize < e.offset + e.length; k++) stored.add(k);
      }
      for (let offset = 0, k = 0; offset < size; offset += objectSize, k++) {
        const length = Math.min(objectSize, size - offset);
        if (!stored.has(k)) { yield { offset, length }; continue; }
        yield { offset, length, data: await c.call<Buffer>('image_read', ...imageArgs(ref), snap ?? '', offset, length) };
      }
    },

    // Not atomic on Ceph: extents are written in order and flushed; a failure stops the batch.
    writeImage: (ref, extents) =>
      c.call<number>('image_write', ...imageArgs(ref), ...extents.flatMap((e): NativeArg[] => [e.offset, e.data])),
    flushImage: async (ref) => { await c.call('image_flush', ...imageArgs(ref)); },
    resizeImage: async (ref, size, allowShrink) => { await c.call('image_resize', ...imageArgs(ref), size, allowShrink); },
    diffImage: (ref, opts) => diff(ref, opts),
  };
}
