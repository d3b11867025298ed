// `rbd bench` (tools/rbd/action/Bench.cc): io_threads ops in flight, reported once a second, with
// a summary. On local the ops in flight are applied as batches: each batch of writes is one
// backend call (one transaction), so 2048 x 4K writes take a few milliseconds.
import type { Backend } from '../../backends/backend.js';
import { Errno, isRbdError, RbdError, strerror } from '../../errors.js';
import { bytesHuman } from '../../rules/byte-units.js';
import { openImage } from '../open.js';
import { parseByteCount } from '../size.js';
import type { ResolvedImage } from '../specs.js';

export type BenchIoType = 'read' | 'write' | 'readwrite';
export type BenchPattern = 'seq' | 'rand' | 'full-seq';

export interface BenchArgs {
  ioType?: string;
  ioSize?: string;
  ioThreads?: string;
  ioTotal?: string;
  ioPattern?: string;
  rwMixRead?: string;
}

export interface BenchPlan {
  type: BenchIoType;
  ioSize: number;
  threads: number;
  total: number;
  pattern: BenchPattern;
  readPercent: number;
}

/** One per-second report line's figures. */
export interface BenchTick { second: number; ops: number; opsPerSec: number; bytesPerSec: number }

export interface BenchResult {
  plan: BenchPlan;
  elapsedSeconds: number;
  ops: number;
  readOps: number;
  writeOps: number;
}

/** Bench.cc's own validators and their messages. */
export function planBench(args: BenchArgs): BenchPlan {
  const type = args.ioType === 'rw' ? 'readwrite' : args.ioType;
  if (type === undefined) throw new RbdError(Errno.EINVAL, '--io-type must be specified.');
  if (type !== 'read' && type !== 'write' && type !== 'readwrite') throw new RbdError(Errno.EINVAL, `invalid io-type '${args.ioType}'`);
  const ioSize = args.ioSize === undefined ? 4096 : parseByteCount(args.ioSize, '--io-size');
  if (ioSize === 0) throw new RbdError(Errno.EINVAL, 'io-size must be > 0');
  const threads = args.ioThreads === undefined ? 16 : Number(args.ioThreads);
  if (!Number.isInteger(threads) || threads <= 0) throw new RbdError(Errno.EINVAL, 'io-threads must be > 0');
  const total = args.ioTotal === undefined ? 1 << 30 : parseByteCount(args.ioTotal, '--io-total');
  const pattern = (args.ioPattern ?? 'seq') as BenchPattern;
  if (!['seq', 'rand', 'full-seq'].includes(pattern)) throw new RbdError(Errno.EINVAL, `invalid io-pattern '${args.ioPattern}'`);
  const readPercent = args.rwMixRead === undefined ? 50 : Number(args.rwMixRead);
  if (!Number.isInteger(readPercent) || readPercent < 0 || readPercent > 100) {
    throw new RbdError(Errno.EINVAL, 'rw-mix-read must be between 0 and 100');
  }
  return { type, ioSize, threads, total, pattern, readPercent };
}

/** Bench.cc fills its write buffer with `rand() & 0xff` of an unseeded glibc: 0x67. */
const FILL = 0x67;
/** Ops applied per backend call, as a deep queue of in-flight ops would complete them. */
const BATCH_OPS = 256;
const BATCH_BYTES = 8 << 20;

/** A failure inside the bench loop: rbd adds `bench failed: <errno>` after its own line. */
function benchFailed(errno: number, line: string): RbdError {
  return new RbdError(errno, `bench failed: ${line}`);
}

export interface BenchHooks {
  /** The header, once the image is open and writable. */
  start(plan: BenchPlan): void;
  tick(t: BenchTick): void;
  now?: () => number;
  random?: () => number;
}

export async function runBench(backend: Backend, ref: ResolvedImage, plan: BenchPlan, hooks: BenchHooks): Promise<BenchResult> {
  const info = await openImage(backend, ref);
  const now = hooks.now ?? (() => performance.now());
  const random = hooks.random ?? Math.random;
  if (plan.ioSize > info.size) {
    throw benchFailed(Errno.EINVAL, `io-size ${bytesHuman(plan.ioSize)} larger than image size ${bytesHuman(info.size)}`);
  }
  try {
    await backend.flushImage(ref);
  } catch (e) {
    // A read bench on a read-only (non-primary) image is fine, as in rbd.
    if (!isRbdError(e) || !(e.errno === Errno.EROFS && plan.type === 'read')) {
      if (isRbdError(e)) throw benchFailed(e.errno, `failed to flush: ${strerror(e.errno)}`);
      throw e;
    }
  }
  hooks.start(plan);

  const count = Math.floor(plan.total / plan.ioSize);
  const slots = Math.floor(info.size / plan.ioSize);
  const data = Buffer.alloc(plan.ioSize, FILL);
  const started = now();
  let done = 0;
  let readOps = 0;
  let writeOps = 0;
  let seqOffset = 0;
  let lastTickSecond = 0;
  let lastTickOps = 0;
  let lastTickTime = started;
  const nextOffset = (): number => {
    if (plan.pattern === 'rand') return Math.floor(random() * slots) * plan.ioSize;
    const off = seqOffset;
    seqOffset += plan.ioSize;
    if (seqOffset + plan.ioSize > info.size) seqOffset = 0;
    return off;
  };
  try {
    while (done < count) {
      const n = Math.min(count - done, BATCH_OPS, Math.max(1, Math.floor(BATCH_BYTES / plan.ioSize)));
      const writes: { offset: number; data: Buffer }[] = [];
      for (let i = 0; i < n; i++) {
        const offset = nextOffset();
        const isRead = plan.type === 'read' || (plan.type === 'readwrite' && random() * 100 < plan.readPercent);
        if (isRead) {
          await backend.readImage(ref, offset, plan.ioSize);
          readOps++;
        } else {
          writes.push({ offset, data });
          writeOps++;
        }
      }
      if (writes.length) await backend.writeImage(ref, writes);
      done += n;
      const t = now();
      const second = Math.floor((t - started) / 1000);
      if (second > lastTickSecond) {
        const dt = (t - lastTickTime) / 1000;
        const ops = done - lastTickOps;
        hooks.tick({ second, ops: done, opsPerSec: ops / dt, bytesPerSec: (ops * plan.ioSize) / dt });
        lastTickSecond = second;
        lastTickOps = done;
        lastTickTime = t;
      }
    }
  } catch (e) {
    if (isRbdError(e)) throw benchFailed(e.errno, `${plan.type === 'read' ? 'read' : 'write'} error: ${strerror(e.errno)}`);
    throw e;
  }
  return { plan, elapsedSeconds: (now() - started) / 1000, ops: done, readOps, writeOps };
}
