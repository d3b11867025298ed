// `npm run bench`: start-up cost of `rbd` against bare Node, and the 10,000-image pool.
// Prints tables of measured figures; no pass/fail thresholds (those are targets, not tests).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { loadavg } from 'node:os';
import { canMeasureCpu, fmt, table, time, timeInterleaved, withoutCa } from './lib.mjs';

const root = new URL('..', import.meta.url).pathname;
const rbd = join(root, 'bin', 'rbd.js');
const home = mkdtempSync(join(tmpdir(), 'rbdm-bench-'));
const env = { ...process.env, RBDM_HOME: home, RBDM_BACKEND: 'local', NO_COLOR: '1' };
const runs = Number(process.env.BENCH_RUNS ?? 20);
const images = Number(process.env.BENCH_IMAGES ?? 10000);

// A small pool for the start-up figures.
const setup = (args) => time(rbd, args, { runs: 1, warmup: 0, env });
time(join(root, 'bin', 'ceph.js'), ['--cluster', 'site-a', 'osd', 'pool', 'create', 'image-pool'], { runs: 1, warmup: 0, env });
setup(['--cluster', 'site-a', 'pool', 'init', 'image-pool']);
setup(['--cluster', 'site-a', 'mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image']);

// What a fresh clone runs: the launchers themselves, executed through their shebang (npm link
// and node_modules/.bin point at them), not `node bin/rbd.js`, which would skip what the shebang
// does. Commands are interleaved run by run, so load from other work hits them all alike.
const rbdCall = (...args) => [rbd, ['--cluster', 'site-a', ...args]];
const calls = [
  ['node -e ""', [process.execPath, ['-e', '']]],
  ['rbd --version', [rbd, ['--version']]],
  ['rbd mirror pool info', rbdCall('mirror', 'pool', 'info', 'image-pool')],
  ['rbd mirror pool status --verbose --format json', rbdCall('mirror', 'pool', 'status', '--verbose', 'image-pool', '--format', 'json')],
];
const signed = (ms) => `${ms >= 0 ? '+' : ''}${fmt(ms)}`;
const rows = [];
for (const [label, e] of [['NODE_EXTRA_CA_CERTS as set', env], ['NODE_EXTRA_CA_CERTS unset', withoutCa(env)]]) {
  const results = timeInterleaved(calls.map(([, c]) => c), { runs, env: e });
  const bare = results[0];
  calls.forEach(([name], i) => {
    const r = results[i];
    rows.push([`${name} (${label})`, fmt(r.median), fmt(r.min), i === 0 ? '' : signed(r.median - bare.median),
      fmt(r.cpu), i === 0 ? '' : signed(r.cpu - bare.cpu)]);
  });
}
console.log(`\nStart-up (ms, ${runs} interleaved runs each, median; real rbd: mirror pool info ~90 ms; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
console.log(`CPU = user+sys of the process${canMeasureCpu ? '' : ' (not measured: no python3 for wait4)'}: a loaded machine inflates wall time far more than CPU\n`);
console.log(table(rows, ['command', 'median', 'min', 'over node', 'CPU', 'CPU over node']));

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
const big = (args) => time(rbd, ['--cluster', 'site-big', ...args], { runs: Math.max(3, Math.floor(runs / 4)), warmup: 1, env: withoutCa(env) });
const rows2 = [
  ['mirror pool status --verbose', fmt(big(['mirror', 'pool', 'status', '--verbose', 'big-pool']).median)],
  ['mirror pool status --verbose --format json', fmt(big(['mirror', 'pool', 'status', '--verbose', 'big-pool', '--format', 'json']).median)],
  ['ls -l', fmt(big(['ls', '-l', 'big-pool']).median)],
];
console.log(`\n${images} mirrored images (seeded in ${seedMs} ms; ms, median, NODE_EXTRA_CA_CERTS unset; target < 1000)\n`);
console.log(table(rows2, ['command', 'median']));
rmSync(home, { recursive: true, force: true });

