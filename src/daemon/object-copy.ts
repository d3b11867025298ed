// Copies image data from the remote image to the local one, object by object (memory bounded
// by one object), each object and its progress marker in one local transaction, so a killed
// daemon resumes where the last transaction ended. A full copy moves whole objects; a delta
// moves only the extents that changed between the two snapshots (block-granular, as
// rbd-mirror's deep copy does with the snapshot diff). Runs for at most a time budget per call.
import type { ChangedExtent, DirectCopy, ReplicationEndpoint } from '../backends/replication.js';
import { copyExtents, copyObject } from './data-io.js';
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
interface Plan { objects: number[]; extents?: Map<number, ChangedExtent[]> }
const plans = new WeakMap<ReplicationEndpoint, Map<string, Plan>>();

const planKey = (req: CopyRequest) => `${req.sourceImageId}|${req.snap}|${req.base}|${req.targetImageId}`;

function plannedObjects(req: CopyRequest): Plan {
  let byKey = plans.get(req.target);
  if (!byKey) plans.set(req.target, (byKey = new Map()));
  const cached = byKey.get(planKey(req));
  // (a head copy needs no re-plan either: what is written after it started is in the journal)
  if (cached) return cached;
  let plan: Plan;
  if (req.base !== null) {
    const objectSize = req.source.objectSize(req.sourceImageId);
    const extents = new Map<number, ChangedExtent[]>();
    for (const e of req.source.changedExtents(req.sourceImageId, req.base, { snapId: req.snap, size: req.size })) {
      // an extent never crosses an object here (runs are merged within one object)
      const o = Math.floor(e.offset / objectSize);
      const list = extents.get(o);
      if (list) list.push(e);
      else extents.set(o, [e]);
    }
    plan = { objects: [...extents.keys()].sort((x, y) => x - y), extents };
  } else {
    let objects = req.source.objectsWithData(req.sourceImageId, req.snap);
    // A full copy over an image that already holds data (a lost delta base) must also clear the
    // objects the source does not have.
    const held = req.target.objectsWithData(req.targetImageId, null);
    if (held.length) objects = [...new Set([...objects, ...held])].sort((x, y) => x - y);
    plan = { objects };
  }
  if (byKey.size > 64) byKey.clear();
  byKey.set(planKey(req), plan);
  return plan;
}

function forgetPlan(req: CopyRequest): void {
  plans.get(req.target)?.delete(planKey(req));
}

/** One local transaction holds up to this much of the copy (objects and their progress marker):
 *  a commit per 4 MiB object would cost a WAL checkpoint each; far larger ones would keep other
 *  writers of the store (rbd calls) waiting on the lock. */
const TX_BYTES = 32 << 20;
const TX_MS = 100;

/** A transaction of the target in which data may come straight from the source's store. */
function inTargetTransaction(req: CopyRequest, fn: (direct: DirectCopy | undefined) => void): void {
  if (req.target.transactionCopyingFrom) req.target.transactionCopyingFrom(req.source, fn);
  else req.target.transaction(() => fn(undefined));
}

export async function copyObjects(req: CopyRequest): Promise<CopyResult> {
  const started = Date.now();
  const plan = plannedObjects(req);
  const todo = plan.objects.filter((o) => o >= req.fromObject);
  const point = { snapId: req.snap, size: req.size };
  const objectSize = req.source.objectSize(req.sourceImageId);
  let next = req.fromObject;
  let bytes = 0;
  for (let i = 0; i < todo.length;) {
    // (a store checkpointing in the background lets its log grow only so far)
    await req.target.settle?.(req.signal);
    inTargetTransaction(req, (direct) => {
      const txStarted = Date.now();
      let txBytes = 0;
      do {
        const o = todo[i++]!;
        const extents = plan.extents?.get(o);
        bytes += extents
          ? copyExtents(req.source, req.sourceImageId, point, req.target, req.targetImageId, extents, req.base)
          : copyObject(req.source, req.sourceImageId, point, req.target, req.targetImageId, o, direct);
        req.saveProgress(o + 1);
        next = o + 1;
        txBytes += extents ? extents.reduce((n, e) => n + e.length, 0) : objectSize;
        // (a throttled copy is one object per transaction: tests catch it half-way)
      } while (i < todo.length && req.throttleMs === 0 && txBytes < TX_BYTES && Date.now() - txStarted < TX_MS);
    });
    await pause(req.throttleMs, req.signal);
    if (req.signal.aborted || Date.now() - started >= req.budgetMs) {
      const done = i >= todo.length;
      if (done) forgetPlan(req);
      return { done, nextObject: next, bytes };
    }
  }
  forgetPlan(req);
  return { done: true, nextObject: next, bytes };
}
