// What a copy or a replay does to image data, between two replication endpoints: reads from the
// remote image, the daemon's privileged writes into the local non-primary one.
import { applyLifecycleEvent } from './clone-follow.js';
import type { DirectCopy, JournalEntry, ReadPoint, ReplicationEndpoint, UserSnap } from '../backends/replication.js';
import { applyImageStateEvent } from './image-state.js';

export function objectCount(size: number, objectSize: number): number {
  return Math.ceil(size / objectSize);
}

/** Copies one object of the source at `point` over the same object of the target (zeros where
 *  the source has none); straight from store to store where `direct` can. Returns the bytes of
 *  data copied (the object's length when it holds data). Call inside a target transaction. */
export function copyObject(source: ReplicationEndpoint, sourceImageId: string, point: ReadPoint, target: ReplicationEndpoint,
  targetImageId: string, objectNo: number, direct?: DirectCopy): number {
  const objectSize = source.objectSize(sourceImageId);
  const start = objectNo * objectSize;
  const end = Math.min(start + objectSize, point.size, target.imageSize(targetImageId));
  if (end <= start) return 0;
  const copied = direct?.(sourceImageId, point, targetImageId, start, end);
  if (copied !== undefined) return copied;
  if (source.readExtents) return copyStoredRange(source, sourceImageId, point, target, targetImageId, start, end, null) ? end - start : 0;
  const chunk = source.readObject(sourceImageId, point, objectNo);
  if (chunk.length === 0) return 0;
  if (chunk.data) return target.writeExtents(targetImageId, [{ offset: chunk.offset, data: chunk.data }]);
  target.discard(targetImageId, chunk.offset, chunk.length);
  return 0;
}

/** [start, end) from a source that reads as stored extents: they are written as they come, the
 *  gaps between them zeroed (a no-op where the target holds nothing), so no range-sized buffer
 *  is ever assembled. Returns the bytes of data written. */
function copyStoredRange(source: ReplicationEndpoint, sourceImageId: string, point: ReadPoint, target: ReplicationEndpoint,
  targetImageId: string, start: number, end: number, changedSince: number | null): number {
  const extents = source.readExtents!(sourceImageId, point, start, end - start, changedSince).filter((e) => e.offset < end)
    .map((e) => (e.offset + e.data.length > end ? { offset: e.offset, data: e.data.subarray(0, end - e.offset) } : e));
  let at = start;
  for (const e of extents) {
    if (e.offset > at) target.discard(targetImageId, at, e.offset - at);
    at = e.offset + e.data.length;
  }
  if (at < end) target.discard(targetImageId, at, end - at);
  return extents.length ? target.writeExtents(targetImageId, extents) : 0;
}

/** Copies the extents of one object changed since snapshot `base` (block-granular): each one
 *  read at `point`, written (or zeroed) over the target. Returns the bytes of data copied. Call
 *  inside a target transaction. */
export function copyExtents(source: ReplicationEndpoint, sourceImageId: string, point: ReadPoint, target: ReplicationEndpoint,
  targetImageId: string, extents: readonly { offset: number; length: number; exists: boolean }[], base: number | null): number {
  const size = target.imageSize(targetImageId);
  let bytes = 0;
  const writes: { offset: number; data: Buffer }[] = [];
  for (const e of extents) {
    if (e.offset >= size) continue;
    const length = Math.min(e.length, size - e.offset);
    if (!e.exists) target.discard(targetImageId, e.offset, length);
    else if (source.readExtents) bytes += copyStoredRange(source, sourceImageId, point, target, targetImageId, e.offset, e.offset + length, base);
    else writes.push({ offset: e.offset, data: source.read(sourceImageId, point, e.offset, length) });
  }
  if (writes.length) bytes += target.writeExtents(targetImageId, writes);
  return bytes;
}

/** Applies replayed journal events to the local image, in order; runs of writes go to the data
 *  layer as one multi-extent write. Every event is safe to see twice: a write or discard past the
 *  current end (a later shrink was replayed already) is clipped, a snapshot that already exists
 *  is kept, a missing one is not removed. Returns the bytes written. Call inside a local
 *  transaction. */
export function applyEvents(local: ReplicationEndpoint, imageId: string, events: readonly JournalEntry[]): number {
  let bytes = 0;
  let run: { offset: number; data: Buffer }[] = [];
  let size = local.imageSize(imageId);
  const clip = (offset: number, length: number) => (offset >= size ? 0 : Math.min(length, size - offset));
  const flush = () => {
    if (run.length) bytes += local.writeExtents(imageId, run);
    run = [];
  };
  for (const e of events) {
    if (e.type === 'write' && e.data) {
      const n = clip(e.offset, e.data.length);
      if (n > 0) run.push({ offset: e.offset, data: n === e.data.length ? e.data : e.data.subarray(0, n) });
      continue;
    }
    flush();
    if (e.type === 'discard') {
      const n = clip(e.offset, e.length);
      if (n > 0) local.discard(imageId, e.offset, n);
    } else if (e.type === 'resize') {
      local.resize(imageId, e.length);
      size = e.length;
    } else if (e.type === 'snap_create' && e.data) {
      const name = e.data.toString('utf8');
      if (!local.userSnapshots(imageId).some((s) => s.name === name)) local.createUserSnapshot(imageId, { name, size, protected: false });
    } else if (e.type === 'snap_remove' && e.data) {
      local.removeUserSnapshot(imageId, e.data.toString('utf8'));
    } else if (!applyImageStateEvent(local, imageId, e)) {
      applyLifecycleEvent(local, imageId, e); // snapl: snap rename/protect/unprotect, flatten
    }
  }
  flush();
  return bytes;
}

/** Local user snapshots the primary no longer has go; protection follows the primary's. Call
 *  inside a local transaction. */
export function pruneLocalUserSnaps(local: ReplicationEndpoint, imageId: string, remote: readonly UserSnap[]): void {
  const byName = new Map(remote.map((s) => [s.name, s]));
  for (const s of local.userSnapshots(imageId)) {
    const r = byName.get(s.name);
    if (!r) local.removeUserSnapshot(imageId, s.name);
    else if (r.protected !== s.protected) local.setSnapshotProtection(imageId, s.snapId, r.protected);
  }
}
