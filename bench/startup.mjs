// `npm run bench`: start-up cost of `rbd` against bare Node, and the 10,000-image pool.
// Prints tables of measured figures; no pass/fail thresholds (those are targets, not tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fmt, table, time, withoutCa } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const rbd = join(root, 'bin', 'rbd.js');
const home = mkdtempSync(join(tmpdir(), 'rbdm-bench-'));
const env = { ...process.env, RBDM_HOME: home, RBDM_BACKEND: 'local', NO_COLOR: '1' };
const runs = Number(process.env.BENCH_RUNS ?? 20);
const images = Number(process.env.BENCH_IMAGES ?? 10000);

// A small pool for the start-up figures.
const setup = (args) => time(process.execPath, [rbd, ...args], { runs: 1, warmup: 0, env });
setup(['--cluster', 'site-a', 'pool', 'init', 'image-pool']);
setup(['--cluster', 'site-a', 'mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image']);

const rows = [];
for (const [label, e] of [['as is', env], ['NODE_EXTRA_CA_CERTS unset', withoutCa(env)]]) {
  const bare = time(process.execPath, ['-e', ''], { runs, env: e });
  const info = time(process.execPath, [rbd, '--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool'], { runs, env: e });
  const status = time(process.execPath, [rbd, '--cluster', 'site-a', 'mirror', 'pool', 'status', '--verbose', 'image-pool', '--format', 'json'], { runs, env: e });
  rows.push([`node -e "" (${label})`, fmt(bare.median), fmt(bare.min), '']);
  rows.push([`mirror pool info (${label})`, fmt(info.median), fmt(info.min), `+${fmt(info.median - bare.median)}`]);
  rows.push([`mirror pool status --verbose --format json (${label})`, fmt(status.median), fmt(status.min), `+${fmt(status.median - bare.median)}`]);
}
console.log(`\nStart-up (ms, ${runs} runs each, median; real rbd: mirror pool info ~90 ms)\n`);
console.log(table(rows, ['command', 'median', 'min', 'over node']));

// The 10,000-image pool, seeded in-process.
// Inside the repo so the bundle resolves better-sqlite3 from node_modules.
const seedOut = join(root, 'node_modules', '.cache', 'rbdm-bench');
await build({ entryPoints: [join(root, 'bench', 'seed.ts')], outfile: join(seedOut, 'seed.mjs'), bundle: true, platform: 'node', format: 'esm', target: 'node20',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }, logLevel: 'warning',
  external: ['better-sqlite3'] });
const t0 = Date.now();
const { seedMirroredImages } = await import(join(seedOut, 'seed.mjs'));
await seedMirroredImages(home, 'site-big', 'big-pool', images);
const seedMs = Date.now() - t0;
const big = (args) => time(process.execPath, [rbd, '--cluster', 'site-big', ...args], { runs: Math.max(3, Math.floor(runs / 4)), warmup: 1, env: withoutCa(env) });
const rows2 = [
  ['mirror pool status --verbose', fmt(big(['mirror', 'pool', 'status', '--verbose', 'big-pool']).median)],
  ['mirror pool status --verbose --format json', fmt(big(['mirror', 'pool', 'status', '--verbose', 'big-pool', '--format', 'json']).median)],
  ['ls -l', fmt(big(['ls', '-l', 'big-pool']).median)],
];
console.log(`\n${images} mirrored images (seeded in ${seedMs} ms; ms, median, NODE_EXTRA_CA_CERTS unset; target < 1000)\n`);
console.log(table(rows2, ['command', 'median']));
rmSync(home, { recursive: true, force: true });

