// Replication figures of the rbd-mirror daemon on two local clusters (one-way, site-a → site-b):
//  - a snapshot delta and a journal replay on a 1 GiB image with 10% of it changed, beside
//    `cp --sparse=always` of a file holding the same bytes (MB/s, writes/s);
//  - the daemon's peak RSS (VmHWM) during the full sync of a 256 MiB and a 2 GiB image (it
//    streams object by object, so the figure must not grow with the image).
// Usage: npm run build && node bench/replication.mjs   (BENCH_GIB=1, BENCH_RSS_SIZES=256M,2G)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { table } from './lib.mjs';

// The waits read site-b's store directly (read-only): spawning `rbd` every few ms to poll would
// compete with the daemon for the CPU and distort the figures.
const Database = createRequire(import.meta.url)('better-sqlite3');

const root = new URL('..', import.meta.url).pathname;
const RBD = join(root, 'bin', 'rbd.js');
const MIRROR = join(root, 'bin', 'rbd-mirror.js');
const home = mkdtempSync(join(tmpdir(), 'rbdm-repl-bench-'));
const env = { ...process.env, RBDM_HOME: home, RBDM_BACKEND: 'local', NO_COLOR: '1', RBDM_DAEMON_POLL_MS: '100', RBDM_DAEMON_HEARTBEAT_MS: '500' };
delete env.CEPH_ARGS;
const SIZE_MB = Number(process.env.BENCH_GIB ?? 1) * 1024;
const CHANGED_MB = Math.round(SIZE_MB / 10);
const IO_SIZE = '64K';
// seq: the changed 10% is one contiguous region, so the delta touches 10% of the objects
const PATTERN = process.env.BENCH_PATTERN ?? 'seq';

function rbd(...args) {
  const r = spawnSync(process.execPath, [RBD, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`rbd ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
const json = (...args) => JSON.parse(rbd(...args, '--format', 'json'));
const now = () => performance.now();

function startDaemon(cluster) {
  const child = spawn(process.execPath, [MIRROR, '--cluster', cluster, '-f', '--log-file', join(home, `${cluster}.log`)], { env, stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  return {
    pid: child.pid,
    peakRssMiB: () => {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    },
    stop: async () => { child.kill('SIGTERM'); await exited; },
  };
}

async function waitFor(check, timeoutMs, what, intervalMs = 10) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let v;
    try { v = check(); } catch { v = undefined; }
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

let siteB;
const db = () => (siteB ??= new Database(join(home, 'site-b', 'cluster.db'), { readonly: true, fileMustExist: true }));
const STATES = ['unknown', 'error', 'syncing', 'starting_replay', 'replaying', 'stopping_replay', 'stopped'];
function status(image) {
  const row = db().prepare(`SELECT s.state, s.description FROM mirror_status s JOIN mirror_images m ON m.global_id = s.global_id
    JOIN images i ON i.id = m.image_id WHERE i.name = ? AND s.mirror_uuid = ''`).get(image);
  return row ? { state: `up+${STATES[row.state]}`, description: row.description } : { state: 'none', description: '' };
}
const replayJson = (s) => JSON.parse(s.description.replace(/^replaying, /, ''));

// ---- set-up: two clusters, rx-only from site-b --------------------------------------------
for (const s of ['site-a', 'site-b']) {
  const made = spawnSync(process.execPath, [join(root, 'bin', 'ceph.js'), '--cluster', s, 'osd', 'pool', 'create', 'image-pool'], { env, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`ceph osd pool create exited ${made.status}: ${made.stderr}`);
  rbd('--cluster', s, 'pool', 'init', 'image-pool');
  rbd('--cluster', s, 'mirror', 'pool', 'enable', '--site-name', s, 'image-pool', 'image');
}
const token = join(home, 'token');
spawnSync('sh', ['-c', `node ${RBD} --cluster site-a mirror pool peer bootstrap create --site-name site-a image-pool > ${token}`], { env });
rbd('--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', '--direction', 'rx-only', 'image-pool', token);

const rows = [];
const changedBytes = CHANGED_MB * 1024 * 1024;
const writes = changedBytes / (64 * 1024);

// ---- snapshot delta -------------------------------------------------------------------------
rbd('--cluster', 'site-a', 'create', '--size', `${SIZE_MB}M`, 'image-pool/snap-img');
rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/snap-img', 'snapshot');
let daemon = startDaemon('site-b');
await waitFor(() => status('snap-img').state === 'up+replaying', 60_000, 'snap-img replaying');
// A first snapshot linked to site-b's (now registered) tx-only peer: the base of the measured delta.
const copied = (id) => !!db().prepare(`SELECT 1 FROM snapshots s JOIN images i ON i.id = s.image_id
  WHERE i.name = 'snap-img' AND s.primary_snap_id = ? AND s.complete = 1`).get(id);
const baseId = Number(/Snapshot ID: (\d+)/.exec(rbd('--cluster', 'site-a', 'mirror', 'image', 'snapshot', 'image-pool/snap-img'))[1]);
await waitFor(() => copied(baseId), 60_000, 'base snapshot');
rbd('--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', IO_SIZE, '--io-total', `${CHANGED_MB}M`, '--io-pattern', PATTERN, 'image-pool/snap-img');
const snapOut = rbd('--cluster', 'site-a', 'mirror', 'image', 'snapshot', 'image-pool/snap-img');
const snapId = Number(/Snapshot ID: (\d+)/.exec(snapOut)[1]);
let t0 = now();
await waitFor(() => copied(snapId), 600_000, 'snapshot delta');
const snapSec = (now() - t0) / 1000;
const snapDesc = await waitFor(() => {
  const s = status('snap-img');
  const d = s.state === 'up+replaying' ? replayJson(s) : undefined;
  return d?.last_snapshot_bytes > 0 ? d : undefined;
}, 30_000, 'delta status');
rows.push([`snapshot delta (${CHANGED_MB} MiB of ${SIZE_MB} MiB, ${PATTERN} ${IO_SIZE} writes)`, (CHANGED_MB / snapSec).toFixed(1),
  (writes / snapSec).toFixed(0), snapSec.toFixed(2), `${(snapDesc.last_snapshot_bytes / 1048576).toFixed(1)} MiB of objects copied`]);

// ---- journal replay -------------------------------------------------------------------------
rbd('--cluster', 'site-a', 'create', '--size', `${SIZE_MB}M`, '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/jrn-img');
rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/jrn-img', 'journal');
await waitFor(() => status('jrn-img').state === 'up+replaying', 60_000, 'jrn-img replaying');
await daemon.stop();
rbd('--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', IO_SIZE, '--io-total', `${CHANGED_MB}M`, '--io-pattern', PATTERN, 'image-pool/jrn-img');
t0 = now();
daemon = startDaemon('site-b');
await waitFor(() => {
  const s = status('jrn-img');
  if (s.state !== 'up+replaying') return false;
  const d = replayJson(s);
  return d.entries_behind_primary === 0 && d.non_primary_position?.entry_tid === d.primary_position.entry_tid && d.primary_position.entry_tid > 0;
}, 600_000, 'journal replay');
const jrnSec = (now() - t0) / 1000;
rows.push([`journal replay (${writes} ${PATTERN} writes of ${IO_SIZE}, incl. daemon start)`, (CHANGED_MB / jrnSec).toFixed(1), (writes / jrnSec).toFixed(0), jrnSec.toFixed(2), '']);
await daemon.stop();

// ---- cp --sparse=always of the same bytes ---------------------------------------------------
const file = join(home, 'snap-img.raw');
rbd('--cluster', 'site-a', 'export', 'image-pool/snap-img', file);
spawnSync('sync');
t0 = now();
const cp = spawnSync('cp', ['--sparse=always', file, `${file}.copy`]);
spawnSync('sync', [`${file}.copy`]);
const cpSec = (now() - t0) / 1000;
if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr}`);
rows.push([`cp --sparse=always (${SIZE_MB} MiB file, ${CHANGED_MB} MiB data)`, (CHANGED_MB / cpSec).toFixed(1), '', cpSec.toFixed(2),
  `${(statSync(`${file}.copy`).blocks * 512 / 1048576).toFixed(0)} MiB allocated`]);
rmSync(file, { force: true });
rmSync(`${file}.copy`, { force: true });

console.log(`\nReplication throughput (site-a → site-b, one daemon; MB/s of changed data)\n`);
console.log(table(rows, ['what', 'MB/s', 'writes/s', 'seconds', 'note']));

// ---- peak RSS during a full sync --------------------------------------------------------------
const rssRows = [];
for (const size of (process.env.BENCH_RSS_SIZES ?? '256M,2G').split(',')) {
  const name = `rss-${size.toLowerCase()}`;
  rbd('--cluster', 'site-a', 'create', '--size', size, `image-pool/${name}`);
  rbd('--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', '4M', '--io-total', size, '--io-pattern', 'seq', `image-pool/${name}`);
  rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', `image-pool/${name}`, 'snapshot');
  daemon = startDaemon('site-b');
  t0 = now();
  await waitFor(() => status(name).state === 'up+replaying', 1_800_000, `${name} synced`, 200);
  const sec = (now() - t0) / 1000;
  rssRows.push([size, daemon.peakRssMiB().toFixed(1), sec.toFixed(1), (parseInt(size, 10) * (size.endsWith('G') ? 1024 : 1) / sec).toFixed(1)]);
  await daemon.stop();
  rbd('--cluster', 'site-a', 'mirror', 'image', 'disable', `image-pool/${name}`);
  rbd('--cluster', 'site-a', 'rm', `image-pool/${name}`);
}
console.log(`\nDaemon peak RSS (VmHWM) during the full sync of a fully written image\n`);
console.log(table(rssRows, ['image', 'peak RSS MiB', 'sync seconds', 'MB/s']));
siteB?.close();
rmSync(home, { recursive: true, force: true });
