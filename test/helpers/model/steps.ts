// Draws the next step from the seed: one to three ops on the images (writes, resizes both ways,
// user snapshots, mirror snapshots), now and then a planned failover, and a fault on top.
import { other, size, type Fault, type ImageModel, type Op, type Step } from './model.js';
import type { Rng } from './random.js';

export interface StepOptions {
  /** Chance that a step carries a daemon SIGKILL. */
  killChance: number;
  /** Chance of a planned failover step. */
  failoverChance: number;
  /** Chance of the deterministic apply/commit-window kill (journal images, local backend). */
  commitWindowChance: number;
}

const K = 1024;
const M = 1024 * 1024;
export const MIN_SIZE = 4 * K;
export const MAX_SIZE = 12 * M;
const MAX_SNAPS = 4;
const IO_SIZES = [4 * K, 64 * K, 256 * K, M];

/** A size in 4K units, biased to small ones now and then (the shrink-to-4K case of issue 8). */
function drawSize(rng: Rng, lo: number, hi: number): number {
  const units = (n: number) => Math.floor(n / (4 * K));
  if (rng.chance(0.15)) return lo;
  return rng.int(units(lo), Math.max(units(lo), units(hi))) * 4 * K;
}

function drawOp(rng: Rng, m: ImageModel, snapNames: () => string): Op {
  const s = size(m);
  const kind = rng.weighted({
    write: 5,
    'write-rand': 1,
    grow: s < MAX_SIZE ? 2 : 0,
    shrink: s > MIN_SIZE ? 2 : 0,
    'snap-create': m.snaps.size < MAX_SNAPS ? 2 : 0,
    'snap-rm': m.snaps.size > 0 ? 1.5 : 0,
    'mirror-snapshot': m.mode === 'snapshot' ? 1 : 0,
  });
  switch (kind) {
    case 'write':
    case 'write-rand': {
      const ioSize = rng.pick(IO_SIZES.filter((n) => n <= s));
      return { kind, image: m.name, ioSize, total: ioSize * rng.int(1, 16) };
    }
    case 'grow': return { kind: 'resize', image: m.name, size: drawSize(rng, s + 4 * K, MAX_SIZE) };
    case 'shrink': return { kind: 'resize', image: m.name, size: drawSize(rng, MIN_SIZE, s - 4 * K) };
    case 'snap-create': return { kind: 'snap-create', image: m.name, snap: snapNames() };
    case 'snap-rm': return { kind: 'snap-rm', image: m.name, snap: rng.pick([...m.snaps.keys()]) };
    default: return { kind: 'mirror-snapshot', image: m.name };
  }
}

/** Draws a step and applies it to a scratch copy of the sizes/snapshots, so later ops of the same
 *  step see the earlier ones (a snap rm of a snapshot created two ops before, a write after a shrink). */
export function drawStep(rng: Rng, images: readonly ImageModel[], opts: StepOptions): Step {
  const m0 = rng.pick(images);
  if (rng.chance(opts.failoverChance)) {
    const ops: Op[] = [{ kind: 'failover', image: m0.name }];
    return rng.chance(opts.killChance) ? { ops, fault: drawKill(rng, m0) } : { ops };
  }

  const scratch = new Map(images.map((m) => [m.name, { ...m, head: Buffer.alloc(size(m)), snaps: new Map(m.snaps) }]));
  const ops: Op[] = [];
  const count = rng.int(1, 3);
  for (let i = 0; i < count; i++) {
    const m = scratch.get(i === 0 ? m0.name : rng.pick(images).name)!;
    const op = drawOp(rng, m, () => `s${m.nextSnap++}`);
    ops.push(op);
    if (op.kind === 'resize') m.head = Buffer.alloc(op.size);
    if (op.kind === 'snap-create') m.snaps.set(op.snap, Buffer.alloc(0));
    if (op.kind === 'snap-rm') m.snaps.delete(op.snap);
  }
  // names handed out are used up even when a run stops early
  for (const m of images) m.nextSnap = scratch.get(m.name)!.nextSnap;

  let fault: Fault | undefined;
  const journal = images.filter((m) => m.mode === 'journal' && ops.some((o) => o.image === m.name));
  if (journal.length && rng.chance(opts.commitWindowChance)) {
    fault = { kind: 'kill-in-commit-window', image: rng.pick(journal).name };
  } else if (rng.chance(opts.killChance)) {
    fault = drawKill(rng, m0);
  }
  return fault ? { ops, fault } : { ops };
}

/** Mostly the daemon that replays (the non-primary's), sometimes the primary's. */
function drawKill(rng: Rng, m: ImageModel): Fault {
  const site = rng.chance(0.75) ? other(m.primary) : m.primary;
  const again = rng.chance(0.2) ? { againAfterMs: rng.int(100, 1000) } : {};
  return { kind: 'kill', site, afterMs: rng.int(0, 1500), downMs: rng.int(0, 1500), ...again };
}
