// Cost of an idle rbd-mirror daemon (issue 8): site-a holds N mirrored primary images with
// nothing to replicate; once the daemon has reported every image, its CPU use (utime+stime from
// /proc) and RSS are sampled over a window. Usage: npm run build && node bench/idle.mjs
// (BENCH_IDLE_IMAGES=10000, BENCH_IDLE_SECONDS=20; BENCH_ROOT=<checkout> measures another build).
// The N images are seeded straight into site-a's store (creating 10,000 images through the CLI
// would take an hour): a journal-mode mirror record each, as `mirror pool enable ... pool` makes.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table } from './lib.mjs';

const Database = createRequire(import.meta.url)('better-sqlite3');
const root = process.env.BENCH_ROOT ?? new URL('..', import.meta.url).pathname;
const RBD = join(root, 'bin', 'rbd.js');
const MIRROR = join(root, 'bin', 'rbd-mirror.js');
const N = Number(process.env.BENCH_IDLE_IMAGES ?? 10_000);
const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const home = mkdtempSync(join(tmpdir(), 'rbdm-idle-bench-'));
const env = { ...process.env, RBDM_HOME: home, RBDM_BACKEND: 'local', NO_COLOR: '1' };
delete env.CEPH_ARGS;

function rbd(...args) {
  const r = spawnSync(process.execPath, [RBD, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rbd ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
for (const s of ['site-a', 'site-b']) {
  const made = spawnSync(process.execPath, [join(root, 'bin', 'ceph.js'), '--cluster', s, 'osd', 'pool', 'create', 'image-pool'], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`ceph osd pool create exited ${made.status}: ${made.stderr}`);
  rbd('--cluster', s, 'pool', 'init', 'image-pool');
  rbd('--cluster', s, 'mirror', 'pool', 'enable', '--site-name', s, 'image-pool', 'image');
}
const token = spawnSync(process.execPath, [RBD, '--cluster', 'site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool'], { env, encoding: 'utf8' }).stdout;
spawnSync(process.execPath, [RBD, '--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], { env, input: token });

const db = new Database(join(home, 'site-a', 'cluster.db'));
db.pragma('busy_timeout = 15000');
const pool = db.prepare("SELECT id FROM pools WHERE name = 'image-pool'").get().id;
const img = db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
  VALUES (?, ?, '', ?, 67108864, 22, 69, 0, 0, 0)`);
const mir = db.prepare("INSERT INTO mirror_images (image_id, global_id, mode, state, promotion) VALUES (?, ?, 0, 1, 'primary')");
db.transaction(() => {
  for (let i = 0; i < N; i++) {
    const id = randomUUID().replace(/-/g, '').slice(0, 12);
    img.run(id, pool, `img-${String(i).padStart(5, '0')}`);
    mir.run(id, randomUUID());
  }
})();
const reported = () => db.prepare("SELECT count(*) AS n FROM mirror_status WHERE mirror_uuid = ''").get().n;

const child = spawn(process.execPath, [MIRROR, '--cluster', 'site-a', '-f', '--log-file', join(home, 'a.log')], { env, stdio: 'ignore' });
const exited = new Promise((r) => child.on('exit', r));
const cpu = () => {
  const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, clock ticks of 10 ms
};
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
const t0 = Date.now();
while (reported() < N) {
  if (Date.now() - t0 > Number(process.env.BENCH_IDLE_TIMEOUT_S ?? 600) * 1000) throw new Error(`daemon reported ${reported()} of ${N} images`);
  await new Promise((r) => setTimeout(r, 500));
}
const settle = (Date.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 3000));
const c0 = cpu();
const w0 = Date.now();
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const used = cpu() - c0;
const wall = (Date.now() - w0) / 1000;
const rows = [[String(N), settle.toFixed(1), `${((used / wall) * 100).toFixed(1)}%`, rss().toFixed(0)]];
child.kill('SIGTERM');
await exited;
db.close();
rmSync(home, { recursive: true, force: true });
console.log(`\nIdle rbd-mirror (${root})\n`);
console.log(table(rows, ['mirrored images', 'seconds to report all', 'CPU while idle (of one core)', 'RSS MiB']));
