// Copies image objects from the remote image to the local one, object by object (memory bounded
// by one object), each object and its progress marker in one local transaction, so a killed
// daemon resumes where the last transaction ended. Runs for at most a time budget per call.
import type { ReplicationEndpoint } from '../backends/replication.js';
import { copyObject } from './data-io.js';
import { pause } from './timing.js';

export interface CopyRequest {
  source: ReplicationEndpoint;
  sourceImageId: string;
  target: ReplicationEndpoint;
  targetImageId: string;
  /** Read the source as of this snapshot (null = the head), whose size is `size`. */
  snap: number | null;
  size: number;
  /** Only the objects changed since this snapshot of the source (null = a full copy). */
  base: number | null;
  /** First object still to copy. */
  fromObject: number;
  /** Records progress (next object) inside the same local transaction as the data. */
  saveProgress(nextObjectNo: number): void;
  budgetMs: number;
  throttleMs: number;
  signal: AbortSignal;
}

export interface CopyResult { done: boolean; nextObject: number; bytes: number }

// The object list of a copy is computed once and reused by every step of that copy (finding it
// reads the block index, which for a full copy of a large image is not free).
const plans = new WeakMap<ReplicationEndpoint, Map<string, number[]>>();

const planKey = (req: CopyRequest) => `${req.sourceImageId}|${req.snap}|${req.base}|${req.targetImageId}`;

function plannedObjects(req: CopyRequest): number[] {
  let byKey = plans.get(req.target);
  if (!byKey) plans.set(req.target, (byKey = new Map()));
  const cached = byKey.get(planKey(req));
  // (a head copy needs no re-plan either: what is written after it started is in the journal)
  if (cached) return cached;
  const objectSize = req.source.objectSize(req.sourceImageId);
  let objects: number[];
  if (req.base !== null) {
    const set = new Set<number>();
    for (const e of req.source.changedExtents(req.sourceImageId, req.base, { snapId: req.snap, size: req.size })) {
      for (let o = Math.floor(e.offset / objectSize); o <= Math.floor((e.offset + e.length - 1) / objectSize); o++) set.add(o);
    }
    objects = [...set].sort((x, y) => x - y);
  } else {
    objects = req.source.objectsWithData(req.sourceImageId, req.snap);
    // A full copy over an image that already holds data (a lost delta base) must also clear the
    // objects the source does not have.
    const held = req.target.objectsWithData(req.targetImageId, null);
    if (held.length) objects = [...new Set([...objects, ...held])].sort((x, y) => x - y);
  }
  if (byKey.size > 64) byKey.clear();
  byKey.set(planKey(req), objects);
  return objects;
}

function forgetPlan(req: CopyRequest): void {
  plans.get(req.target)?.delete(planKey(req));
}

export async function copyObjects(req: CopyRequest): Promise<CopyResult> {
  const started = Date.now();
  const objects = plannedObjects(req);
  const todo = objects.filter((o) => o >= req.fromObject);
  let next = req.fromObject;
  let bytes = 0;
  for (const o of todo) {
    req.target.transaction(() => {
      bytes += copyObject(req.source, req.sourceImageId, { snapId: req.snap, size: req.size }, req.target, req.targetImageId, o);
      req.saveProgress(o + 1);
    });
    next = o + 1;
    await pause(req.throttleMs, req.signal);
    if (req.signal.aborted || Date.now() - started >= req.budgetMs) {
      const done = todo[todo.length - 1] === o;
      if (done) forgetPlan(req);
      return { done, nextObject: next, bytes };
    }
  }
  forgetPlan(req);
  return { done: true, nextObject: next, bytes };
}
