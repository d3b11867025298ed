// The long run of the model test (`npm run soak -- --minutes 10`): fresh worlds one after the
// other (each its own seed, drawn from the run's seed), both modes in one world so faults hit
// both replayers at once, a divergence counted and reported, then a new world. Ends with the
// figures table; exits 1 when anything diverged.
import { parseArgs } from 'node:util';
import type { Mode } from './model.js';
import { seedFrom, seededRng } from './random.js';
import { failureReport, runModel, zeroFigures, type Figures } from './run.js';

const ROWS: Array<[keyof Figures, string]> = [
  ['steps', 'steps'],
  ['ops', 'ops (writes, resizes, snapshots, failovers)'],
  ['failovers', 'planned failovers'],
  ['sigkills', 'daemon SIGKILLs'],
  ['restarts', 'daemon restarts'],
  ['commitWindowKills', 'SIGKILLs between apply and commit'],
  ['commitWindowHits', '  of which seen applied before the kill'],
  ['checks', 'convergence checks (image x step, both sites)'],
  ['exports', '`rbd export`s compared'],
  ['divergences', 'divergences'],
  ['crashes', 'daemons that died by themselves'],
];

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      minutes: { type: 'string', default: '10' },
      steps: { type: 'string' },
      'world-steps': { type: 'string', default: '40' },
      seed: { type: 'string' },
      /** Replays one world of an earlier run (the seed its failure report names). */
      'world-seed': { type: 'string' },
      modes: { type: 'string', default: 'journal,snapshot' },
      'kill-chance': { type: 'string', default: '0.35' },
      'failover-chance': { type: 'string', default: '0.08' },
      'commit-window-chance': { type: 'string', default: '0.1' },
    },
  });
  const seed = values.seed !== undefined ? seedFrom({ RBDM_MODEL_SEED: values.seed }) : seedFrom();
  const modes = values.modes.split(',') as Mode[];
  const until = Date.now() + Number(values.minutes) * 60_000;
  const maxSteps = values.steps !== undefined ? Number(values.steps) : Infinity;
  const rng = seededRng(seed);
  const total = zeroFigures();
  const failures: string[] = [];
  const started = Date.now();
  let worlds = 0;
  console.log(`soak: seed ${seed}, modes ${modes.join(',')}, ${values.minutes} min${Number.isFinite(maxSteps) ? `, at most ${maxSteps} steps` : ''}`);
  while (Date.now() < until && total.steps < maxSteps) {
    if (values['world-seed'] !== undefined && worlds > 0) break;
    const worldSeed = values['world-seed'] !== undefined ? seedFrom({ RBDM_MODEL_SEED: values['world-seed'] }) : rng.int(0, 0xfffffffe);
    worlds++;
    const r = await runModel({
      seed: worldSeed, modes, steps: Math.min(Number(values['world-steps']), maxSteps - total.steps), until,
      stepOptions: {
        killChance: Number(values['kill-chance']),
        failoverChance: Number(values['failover-chance']),
        commitWindowChance: Number(values['commit-window-chance']),
      },
      converge: { deadlineMs: 120_000, errorGraceMs: 45_000 },
      keepOnFailure: true,
      log: (line) => console.log(`  [world ${worlds} seed ${worldSeed}] ${line}`),
    });
    for (const k of Object.keys(total) as (keyof Figures)[]) total[k] += r.figures[k];
    console.log(`world ${worlds} (seed ${worldSeed}): ${r.figures.steps} steps, ${r.failure ? 'DIVERGED' : 'converged every step'}`);
    if (r.failure) {
      const report = failureReport(r, modes);
      failures.push(report);
      console.log(report);
    }
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const rows: Array<[string, string]> = [
    ['run seed', String(seed)], ['modes', modes.join(', ')], ['minutes', minutes], ['worlds (fresh site pairs)', String(worlds)],
    ...ROWS.map(([k, label]) => [label, String(total[k])] as [string, string]),
  ];
  const w = Math.max(...rows.map(([l]) => l.length));
  console.log(`\n| ${'figure'.padEnd(w)} | value |\n| ${'-'.repeat(w)} | ----- |`);
  for (const [label, value] of rows) console.log(`| ${label.padEnd(w)} | ${value} |`);
  if (failures.length) console.log(`\n${failures.length} divergence(s); the reports are above (seed, steps, RBDM_HOME kept).`);
  return total.divergences + total.crashes > 0 ? 1 : 0;
}
