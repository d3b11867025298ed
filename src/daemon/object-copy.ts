// Copies image objects from the remote image to the local one, object by object (memory bounded
// by one object), each object and its progress marker in one local transaction, so a killed
// daemon resumes where the last transaction ended. Runs for at most a time budget per call.
import type { LocalStore } from '../backends/local/store.js';
import { copyObject, imageRow, objectsToCopy } from './data-io.js';
import { sleep } from './timing.js';

export interface CopyRequest {
  source: LocalStore;
  sourceImageId: string;
  target: LocalStore;
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
  stopping(): boolean;
}

export interface CopyResult { done: boolean; nextObject: number; bytes: number }

// The object list of a copy is computed once and reused by every step of that copy (finding it
// reads the block index, which for a full copy of a large image is not free).
const plans = new Map<string, number[]>();

function plannedObjects(req: CopyRequest, src: ReturnType<typeof imageRow>): number[] {
  const key = `${req.source.dir}|${req.sourceImageId}|${req.snap}|${req.base}|${req.target.dir}|${req.targetImageId}`;
  const cached = plans.get(key);
  // (a head copy needs no re-plan either: what is written after it started is in the journal)
  if (cached) return cached;
  let objects = objectsToCopy(req.source, src, req.snap, req.base);
  if (req.base === null) {
    // A full copy over an image that already holds data (a lost delta base) must also clear the
    // objects the source does not have.
    const held = objectsToCopy(req.target, imageRow(req.target, req.targetImageId), null, null);
    if (held.length) objects = [...new Set([...objects, ...held])].sort((x, y) => x - y);
  }
  if (plans.size > 64) plans.clear();
  plans.set(key, objects);
  return objects;
}

function forgetPlan(req: CopyRequest): void {
  plans.delete(`${req.source.dir}|${req.sourceImageId}|${req.snap}|${req.base}|${req.target.dir}|${req.targetImageId}`);
}

export async function copyObjects(req: CopyRequest): Promise<CopyResult> {
  const started = Date.now();
  const src = imageRow(req.source, req.sourceImageId);
  const objects = plannedObjects(req, src);
  const todo = objects.filter((o) => o >= req.fromObject);
  let next = req.fromObject;
  let bytes = 0;
  for (const o of todo) {
    req.target.db.transaction(() => {
      bytes += copyObject(req.source, src, { snapId: req.snap, size: req.size }, req.target, req.targetImageId, o);
      req.saveProgress(o + 1);
    }).immediate();
    next = o + 1;
    if (req.throttleMs > 0) await sleep(req.throttleMs);
    else await new Promise<void>((r) => setImmediate(r));
    if (req.stopping() || Date.now() - started >= req.budgetMs) {
      const done = todo[todo.length - 1] === o;
      if (done) forgetPlan(req);
      return { done, nextObject: next, bytes };
    }
  }
  forgetPlan(req);
  return { done: true, nextObject: next, bytes };
}
