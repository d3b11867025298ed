// The expected state of each mirrored image, kept beside the real ones: size, head bytes, user
// snapshots (name -> bytes) and which site is primary. Ops are plain data, so a failing run can
// print the exact sequence; `applyOp` is what each op must do to the image.

export type Mode = 'journal' | 'snapshot';
export type Site = 'site-a' | 'site-b';
export const other = (s: Site): Site => (s === 'site-a' ? 'site-b' : 'site-a');

/** `rbd bench` fills every write with this byte (Bench.cc's unseeded rand() & 0xff). */
export const BENCH_FILL = 0x67;

export interface ImageModel {
  name: string;
  mode: Mode;
  primary: Site;
  objectSize: number;
  head: Buffer;
  snaps: Map<string, Buffer>;
  /** Next user snapshot number (names are never reused, so a stale copy cannot pass for a new one). */
  nextSnap: number;
}

export type Op =
  /** `rbd bench --io-pattern seq`: its offsets are known, so the model writes the same bytes. */
  | { kind: 'write'; image: string; ioSize: number; total: number }
  /** `rbd bench --io-pattern rand`: offsets the model cannot know; it adopts the primary's head
   *  after checking that only whole io-size blocks changed, each to the bench fill. */
  | { kind: 'write-rand'; image: string; ioSize: number; total: number }
  | { kind: 'resize'; image: string; size: number }
  | { kind: 'snap-create'; image: string; snap: string }
  | { kind: 'snap-rm'; image: string; snap: string }
  | { kind: 'mirror-snapshot'; image: string }
  /** Planned failover: demote on the primary, promote on the other site once the demotion arrived. */
  | { kind: 'failover'; image: string };

export type Fault =
  /** SIGKILL a site's daemon `afterMs` into the step (its ops run meanwhile), restart it `downMs`
   *  later; with `againAfterMs`, once more that long after the restart (a kill mid-resume). */
  | { kind: 'kill'; site: Site; afterMs: number; downMs: number; againAfterMs?: number }
  /** Journal only, local backend: the daemon applies the step's entries while the primary's
   *  store is held busy (its commit waits), and is SIGKILLed in that window. */
  | { kind: 'kill-in-commit-window'; image: string };

export interface Step { ops: Op[]; fault?: Fault }

export function newImage(name: string, mode: Mode, objectSize: number, content: Buffer): ImageModel {
  return { name, mode, primary: 'site-a', objectSize, head: Buffer.from(content), snaps: new Map(), nextSnap: 1 };
}

export const size = (m: ImageModel) => m.head.length;

/** Offsets `rbd bench --io-pattern seq` writes (bench.ts: wraps to 0 when the next op would pass the end). */
export function seqOffsets(imageSize: number, ioSize: number, total: number): number[] {
  const out: number[] = [];
  let off = 0;
  for (let i = 0; i < Math.floor(total / ioSize); i++) {
    out.push(off);
    off += ioSize;
    if (off + ioSize > imageSize) off = 0;
  }
  return out;
}

/** The model's effect of an op that has a deterministic effect (write-rand and failover have none here). */
export function applyOp(m: ImageModel, op: Op): void {
  switch (op.kind) {
    case 'write':
      for (const off of seqOffsets(m.head.length, op.ioSize, op.total)) m.head.fill(BENCH_FILL, off, off + op.ioSize);
      return;
    case 'resize': {
      const head = Buffer.alloc(op.size);
      m.head.copy(head, 0, 0, Math.min(op.size, m.head.length));
      m.head = head;
      return;
    }
    case 'snap-create':
      m.snaps.set(op.snap, Buffer.from(m.head));
      return;
    case 'snap-rm':
      m.snaps.delete(op.snap);
      return;
    case 'failover':
      m.primary = other(m.primary);
      return;
    case 'write-rand':
    case 'mirror-snapshot':
      return;
  }
}

/** Why `after` cannot be the result of a rand bench on `before` (undefined when it can). */
export function randWriteViolation(before: Buffer, after: Buffer, ioSize: number): string | undefined {
  if (after.length !== before.length) return `size changed from ${before.length} to ${after.length}`;
  const fill = Buffer.alloc(ioSize, BENCH_FILL);
  for (let off = 0; off + ioSize <= before.length; off += ioSize) {
    const a = after.subarray(off, off + ioSize);
    if (!a.equals(before.subarray(off, off + ioSize)) && !a.equals(fill)) return `block at ${off} is neither unchanged nor the bench fill`;
  }
  const tail = Math.floor(before.length / ioSize) * ioSize;
  if (!after.subarray(tail).equals(before.subarray(tail))) return `the tail past the last whole io-size block (${tail}) changed`;
  return undefined;
}

const human = (n: number) => (n % (1 << 20) === 0 ? `${n >> 20}M` : n % 1024 === 0 ? `${n >> 10}K` : `${n}B`);

export function describeOp(op: Op): string {
  switch (op.kind) {
    case 'write': return `write ${op.image} ${op.total / op.ioSize} x ${human(op.ioSize)} seq`;
    case 'write-rand': return `write ${op.image} ${op.total / op.ioSize} x ${human(op.ioSize)} rand`;
    case 'resize': return `resize ${op.image} ${human(op.size)}`;
    case 'snap-create': return `snap create ${op.image}@${op.snap}`;
    case 'snap-rm': return `snap rm ${op.image}@${op.snap}`;
    case 'mirror-snapshot': return `mirror image snapshot ${op.image}`;
    case 'failover': return `failover ${op.image}`;
  }
}

export function describeStep(step: Step): string {
  const ops = `[${step.ops.map(describeOp).join(', ')}]`;
  if (!step.fault) return ops;
  const f = step.fault;
  if (f.kind === 'kill') {
    const again = f.againAfterMs !== undefined ? `, again ${f.againAfterMs} ms after its restart` : '';
    return `${ops} + SIGKILL ${f.site} daemon at ${f.afterMs} ms, down ${f.downMs} ms${again}`;
  }
  return `${ops} + SIGKILL between apply and commit (${f.image}: primary store held busy)`;
}

export { human as humanBytes };
