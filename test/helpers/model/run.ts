// One model run: a world of two sites, one mirrored image per mode (created by `rbd import` of
// seeded data), then steps drawn from the seed (or given as a script), each followed by a
// convergence check of every image against the model on both sites.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConverged, Divergence, type ConvergeOptions } from './check.js';
import { runStep } from './exec.js';
import { describeStep, newImage, type ImageModel, type Mode, type Step } from './model.js';
import { seededRng, type Rng } from './random.js';
import { drawStep, type StepOptions } from './steps.js';
import { World } from './world.js';

export interface ModelRunOptions {
  seed: number;
  modes: readonly Mode[];
  /** Steps to run (drawn from the seed), unless `script` gives them. */
  steps: number;
  script?: readonly Step[];
  /** Stop drawing steps after this wall-clock time (Date.now() value)... */
  until?: number;
  /** ...but not before this many steps have run (a slow set-up must not leave none). */
  minSteps?: number;
  stepOptions: StepOptions;
  converge: ConvergeOptions;
  /** Keep the RBDM_HOME of a failed run for inspection. */
  keepOnFailure?: boolean;
  log?: (line: string) => void;
}

export interface Figures {
  steps: number;
  ops: number;
  sigkills: number;
  restarts: number;
  failovers: number;
  commitWindowKills: number;
  commitWindowHits: number;
  /** Image convergence checks passed (each: both sites vs the model, head and every user snapshot). */
  checks: number;
  exports: number;
  divergences: number;
  crashes: number;
}

export const zeroFigures = (): Figures => ({
  steps: 0, ops: 0, sigkills: 0, restarts: 0, failovers: 0, commitWindowKills: 0, commitWindowHits: 0,
  checks: 0, exports: 0, divergences: 0, crashes: 0,
});

export interface ModelRunResult {
  seed: number;
  figures: Figures;
  history: string[];
  /** Set when the run stopped on a divergence (or a daemon that died by itself). */
  failure?: { step: number; message: string; home: string; logs: string };
}

const IMAGE_NAMES: Record<Mode, string> = { journal: 'jrn', snapshot: 'snp' };
const OBJECT_SIZES = [64 << 10, 1 << 20, 4 << 20];

/** Seeded initial content: 64K runs of random bytes and of zeros (sparse, like real images). */
function initialContent(rng: Rng): Buffer {
  const buf = Buffer.alloc(rng.int(4, 1024) * 4096);
  for (let off = 0; off < buf.length; off += 64 << 10) {
    if (rng.chance(0.6)) rng.bytes(Math.min(64 << 10, buf.length - off)).copy(buf, off);
  }
  return buf;
}

async function createImages(w: World, rng: Rng, modes: readonly Mode[]): Promise<Map<string, ImageModel>> {
  const models = new Map<string, ImageModel>();
  for (const mode of modes) {
    const m = newImage(IMAGE_NAMES[mode], mode, rng.pick(OBJECT_SIZES), initialContent(rng));
    const file = join(w.home, `${m.name}.raw`);
    writeFileSync(file, m.head);
    const features = mode === 'journal' ? ['--image-feature', 'layering,exclusive-lock,journaling'] : [];
    await w.rbd('site-a', 'import', '--no-progress', '--object-size', String(m.objectSize), ...features, file, w.spec(m.name));
    await w.rbd('site-a', 'mirror', 'image', 'enable', w.spec(m.name), mode);
    models.set(m.name, m);
  }
  return models;
}

export async function runModel(opts: ModelRunOptions): Promise<ModelRunResult> {
  const rng = seededRng(opts.seed);
  const log = opts.log ?? (() => undefined);
  const figures = zeroFigures();
  const history: string[] = [];
  const w = new World();
  let failed = false;
  try {
    await w.setUp();
    const models = await createImages(w, rng, opts.modes);
    history.push(`import ${[...models.values()].map((m) => `${m.name} (${m.mode}, ${m.head.length} bytes, object ${m.objectSize})`).join(', ')}`);
    const checkAll = async () => {
      const results = await Promise.allSettled([...models.values()].map((m) => checkConverged(w, m, { ...opts.converge, log })));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      figures.checks += results.length;
    };
    await checkAll();
    const total = opts.script?.length ?? opts.steps;
    for (let i = 0; i < total && (i < (opts.minSteps ?? 0) || opts.until === undefined || Date.now() < opts.until); i++) {
      const step = opts.script?.[i] ?? drawStep(rng, [...models.values()], opts.stepOptions);
      const text = describeStep(step);
      history.push(text);
      log(`step ${i + 1}: ${text}`);
      const outcome = await runStep(w, models, step, log);
      figures.steps++;
      figures.ops += step.ops.length;
      figures.failovers += step.ops.filter((o) => o.kind === 'failover').length;
      if (step.fault?.kind === 'kill-in-commit-window') {
        figures.commitWindowKills++;
        if (outcome.windowHit) figures.commitWindowHits++;
      }
      const crashed = w.reviveCrashed();
      if (crashed.length) {
        figures.crashes += crashed.length;
        throw new Divergence('daemon', crashed.join('\n'));
      }
      await checkAll();
    }
    return { seed: opts.seed, figures, history };
  } catch (e) {
    failed = true;
    if (e instanceof Divergence && e.image !== 'daemon') figures.divergences++;
    const message = e instanceof Error ? e.message : String(e);
    return { seed: opts.seed, figures, history, failure: { step: history.length - 1, message, home: w.home, logs: w.daemonLogs() } };
  } finally {
    figures.sigkills += w.counters.sigkills;
    figures.restarts += w.counters.restarts;
    figures.exports = w.counters.exports;
    await w.tearDown(failed && opts.keepOnFailure);
  }
}

/** A failure as one report: seed, how to re-run it, the steps, what diverged, the daemon logs. */
export function failureReport(r: ModelRunResult, modes: readonly Mode[]): string {
  if (!r.failure) return '';
  const f = r.failure;
  return [
    `model run diverged at step ${f.step} (seed ${r.seed}, modes ${modes.join(',')})`,
    modes.length === 1
      ? `re-run: RBDM_MODEL_SEED=${r.seed} RBDM_MODEL_STEPS=${f.step} npx vitest run test/e2e/replication-model.test.ts -t '${modes[0]} mode: every'`
      : `re-run: npm run soak -- --world-seed ${r.seed} --steps ${f.step} --modes ${modes.join(',')}`,
    'steps:',
    ...r.history.map((h, i) => `  ${i}. ${h}`),
    `divergence: ${f.message}`,
    `RBDM_HOME: ${f.home}`,
    f.logs,
  ].join('\n');
}
