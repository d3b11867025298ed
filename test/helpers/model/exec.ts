// Carries out a step through the CLI on the image's primary site and applies it to the model;
// faults run beside the ops (a SIGKILL timer) or around them (the held primary store).
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '../daemon.js';
import { diffSite, Divergence } from './check.js';
import { applyOp, humanBytes, other, randWriteViolation, size, type Fault, type ImageModel, type Op, type Step } from './model.js';
import type { World } from './world.js';

export interface StepOutcome {
  /** The commit-window fault: whether the daemon was seen to have applied the entries before its kill. */
  windowHit?: boolean;
}

const FAILOVER_DEADLINE_MS = 180_000;
const APPLIED_DEADLINE_MS = 90_000;

async function runOp(w: World, models: Map<string, ImageModel>, op: Op): Promise<void> {
  const m = models.get(op.image)!;
  const p = m.primary;
  const spec = w.spec(m.name);
  switch (op.kind) {
    case 'write':
    case 'write-rand': {
      const before = m.head;
      await w.rbd(p, 'bench', '--io-type', 'write', '--io-size', humanBytes(op.ioSize), '--io-total', humanBytes(op.total),
        '--io-pattern', op.kind === 'write' ? 'seq' : 'rand', spec);
      if (op.kind === 'write-rand') {
        const after = await w.exportBytes(p, m.name);
        const why = randWriteViolation(before, after, op.ioSize);
        if (why) throw new Divergence(m.name, `primary head after a rand bench: ${why}`);
        m.head = after;
      }
      break;
    }
    case 'resize':
      await w.rbd(p, 'resize', '--no-progress', '--size', `${op.size}B`, ...(op.size < size(m) ? ['--allow-shrink'] : []), spec);
      break;
    case 'snap-create':
      await w.rbd(p, 'snap', 'create', w.spec(m.name, op.snap));
      break;
    case 'snap-rm':
      await w.rbd(p, 'snap', 'rm', '--no-progress', w.spec(m.name, op.snap));
      break;
    case 'mirror-snapshot':
      await w.rbd(p, 'mirror', 'image', 'snapshot', spec);
      break;
    case 'failover': {
      await w.rbd(p, 'mirror', 'image', 'demote', spec);
      // promotion is refused with EBUSY until the demotion has been replayed there
      let refused: string | undefined;
      await waitFor(async () => {
        const r = await w.run(other(p), 'mirror', 'image', 'promote', spec);
        if (r.code !== 0 && r.code !== 16) refused = `exit ${r.code}: ${r.stderr.trim()}`;
        return r.code === 0 || refused !== undefined;
      }, FAILOVER_DEADLINE_MS, `${m.name} promotable on ${other(p)} after its demotion on ${p}`, 400);
      if (refused) throw new Divergence(m.name, `promote on ${other(p)} after a planned demotion failed: ${refused}`);
      break;
    }
  }
  applyOp(m, op);
}

async function runOps(w: World, models: Map<string, ImageModel>, ops: readonly Op[]): Promise<void> {
  for (const op of ops) await runOp(w, models, op);
}

/** Kill timer beside the ops: SIGKILL, stay down, restart, maybe once more. */
async function killer(w: World, f: Extract<Fault, { kind: 'kill' }>): Promise<void> {
  await delay(f.afterMs);
  await w.kill(f.site);
  await delay(f.downMs);
  await w.restart(f.site);
  if (f.againAfterMs === undefined) return;
  await delay(f.againAfterMs);
  await w.kill(f.site);
  await w.restart(f.site);
}

/** The non-primary's daemon replays the step's entries while the primary's store is held busy:
 *  it applies them locally, then waits to commit its position on the primary, and is killed
 *  there. Without the fix of issue 8 the restarted replay applies them a second time. */
async function inCommitWindow(w: World, models: Map<string, ImageModel>, ops: readonly Op[], image: string,
  log: (line: string) => void): Promise<StepOutcome> {
  const m = models.get(image)!;
  const primary = m.primary;
  const secondary = other(primary);
  await w.kill(secondary);
  await runOps(w, models, ops);
  const release = w.holdStore(primary);
  let windowHit = false;
  const started = Date.now();
  try {
    await w.restart(secondary);
    windowHit = await waitFor(async () => !(await diffSite(w, secondary, m)).diff, APPLIED_DEADLINE_MS,
      `${image} applied on ${secondary} while ${primary} is held`, 400).catch(() => false);
    await w.kill(secondary);
    log(`  ${windowHit ? `applied on ${secondary} after ${Date.now() - started} ms, then SIGKILL` : `not seen applied within ${APPLIED_DEADLINE_MS} ms; SIGKILL anyway`}`);
  } finally {
    release();
  }
  await w.restart(secondary);
  return { windowHit };
}

export async function runStep(w: World, models: Map<string, ImageModel>, step: Step, log: (line: string) => void): Promise<StepOutcome> {
  const f = step.fault;
  if (f?.kind === 'kill-in-commit-window') return inCommitWindow(w, models, step.ops, f.image, log);
  if (!f) {
    await runOps(w, models, step.ops);
    return {};
  }
  const timer = killer(w, f);
  try {
    await runOps(w, models, step.ops);
  } finally {
    await timer;
  }
  return {};
}
