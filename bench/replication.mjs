// Replication figures of the rbd-mirror daemon on two local clusters (one-way, site-a → site-b),
// every issue-7 target in one run, beside `cp --sparse=always` of the same bytes:
//  - snapshot deltas: 10% of a 1 GiB image changed (seq and random 64K writes): seconds from
//    `mirror image snapshot` until the peer has the copy, and the bytes it copied;
//  - journal replays: the same 10% as seq 64K writes and as random 4K writes: events/s;
//  - full syncs of fully written images (256 MiB, 1 GiB, 2 GiB), enable -> peer idle: MB/s and
//    the daemon's peak RSS (VmHWM), which must stay flat from 256 MiB to 2 GiB.
// The machine may be shared: besides wall time, every row gives the daemon's CPU time (user+sys
// from /proc/<pid>/stat) per MB or per event, which load from other work does not inflate much.
// Usage: npm run build && node bench/replication.mjs
//   BENCH_GIB=1                        image size of the delta and journal rows
//   BENCH_DELTA=seq:64K,rand:64K       snapshot-delta rows, pattern:io-size each
//   BENCH_JOURNAL=seq:64K,rand:4K      journal-replay rows, pattern:io-size each
//   BENCH_SYNC_SIZES=256M,1G,2G        full-sync rows ('' = none)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { table } from './lib.mjs';

// The waits read the stores directly (read-only): spawning `rbd` every few ms to poll would
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
const CHANGED = CHANGED_MB * 1024 * 1024;
const rowsOf = (v, dflt) => (v ?? dflt).split(',').filter(Boolean).map((s) => { const [pattern, io] = s.split(':'); return { pattern, io }; });
const DELTAS = rowsOf(process.env.BENCH_DELTA, 'seq:64K,rand:64K');
const JOURNALS = rowsOf(process.env.BENCH_JOURNAL, 'seq:64K,rand:4K');
const SYNC_SIZES = (process.env.BENCH_SYNC_SIZES ?? '256M,1G,2G').split(',').filter(Boolean);
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const bytesOf = (s) => parseInt(s, 10) * { K: 1024, M: 1048576, G: 1073741824 }[s.at(-1).toUpperCase()];
const MB = 1e6; // throughput in MB/s (10^6), as cp and the issue state it

function rbd(...args) {
  const r = spawnSync(process.execPath, [RBD, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`rbd ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
const now = () => performance.now();
const write = (image, pattern, io, total) => rbd('--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', io, '--io-total', total,
  '--io-pattern', pattern, `image-pool/${image}`);

/** user+sys seconds of a process so far (its /proc/<pid>/stat: utime, stime). */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / CLK_TCK;
}

// e.g. BENCH_DAEMON_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the daemon
const NODE_ARGS = (process.env.BENCH_DAEMON_NODE_ARGS ?? '').split(' ').filter(Boolean);
function startDaemon(cluster) {
  const child = spawn(process.execPath, [...NODE_ARGS, MIRROR, '--cluster', cluster, '-f', '--log-file', join(home, `${cluster}.log`)], { env, stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  return {
    pid: child.pid,
    cpu: () => cpuSeconds(child.pid),
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

const dbs = {};
const db = (site) => (dbs[site] ??= new Database(join(home, site, 'cluster.db'), { readonly: true, fileMustExist: true }));
const STATES = ['unknown', 'error', 'syncing', 'starting_replay', 'replaying', 'stopping_replay', 'stopped'];
function status(image) {
  const row = db('site-b').prepare(`SELECT s.state, s.description FROM mirror_status s JOIN mirror_images m ON m.global_id = s.global_id
    JOIN images i ON i.id = m.image_id WHERE i.name = ? AND s.mirror_uuid = ''`).get(image);
  return row ? { state: `up+${STATES[row.state]}`, description: row.description } : { state: 'none', description: '' };
}
const replayJson = (s) => JSON.parse(s.description.replace(/^replaying, /, ''));
const imageId = (site, name) => db(site).prepare('SELECT id FROM images WHERE name = ?').get(name)?.id;
/** The primary's last journal tid, and how far the copy has durably applied it. */
const journalTid = (name) => db('site-a').prepare('SELECT last_tid FROM journals WHERE image_id = ?').get(imageId('site-a', name))?.last_tid ?? 0;
function appliedTid(name) {
  const row = db('site-b').prepare('SELECT value FROM config_key WHERE key = ?').get(`rbd/mirror/journal_applied/${imageId('site-b', name)}`);
  return row ? JSON.parse(row.value).tid : 0;
}

const cpuCell = (sec) => sec.toFixed(2);
const perMb = (cpu, bytes) => (bytes > 0 ? ((cpu * 1000) / (bytes / MB)).toFixed(1) : '');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const benchCpu0 = process.cpuUsage();
const wall0 = now();

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
let daemon = startDaemon('site-b');

// ---- snapshot deltas ------------------------------------------------------------------------
const copied = (name, id) => !!db('site-b').prepare(`SELECT 1 FROM snapshots s JOIN images i ON i.id = s.image_id
  WHERE i.name = ? AND s.primary_snap_id = ? AND s.complete = 1`).get(name, id);
const snapshot = (name) => Number(/Snapshot ID: (\d+)/.exec(rbd('--cluster', 'site-a', 'mirror', 'image', 'snapshot', `image-pool/${name}`))[1]);
for (const [i, { pattern, io }] of DELTAS.entries()) {
  const name = `snap-img-${i}`;
  rbd('--cluster', 'site-a', 'create', '--size', `${SIZE_MB}M`, `image-pool/${name}`);
  rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', `image-pool/${name}`, 'snapshot');
  await waitFor(() => status(name).state === 'up+replaying', 60_000, `${name} replaying`);
  // a first snapshot linked to site-b's (now registered) tx-only peer: the base of the measured delta
  const baseId = snapshot(name);
  await waitFor(() => copied(name, baseId), 60_000, 'base snapshot');
  write(name, pattern, io, `${CHANGED_MB}M`);
  const snapId = snapshot(name);
  const t0 = now();
  const c0 = daemon.cpu();
  await waitFor(() => copied(name, snapId), 600_000, 'snapshot delta', 5);
  const sec = (now() - t0) / 1000;
  const cpu = daemon.cpu() - c0;
  const desc = await waitFor(() => {
    const s = status(name);
    const d = s.state === 'up+replaying' ? replayJson(s) : undefined;
    return d?.last_snapshot_bytes > 0 ? d : undefined;
  }, 30_000, 'delta status');
  rows.push([`snapshot delta: 10% of ${SIZE_MB} MiB, ${pattern} ${io} writes`, (CHANGED / MB / sec).toFixed(1), '', sec.toFixed(2), cpuCell(cpu),
    perMb(cpu, CHANGED), '', `${(desc.last_snapshot_bytes / 1048576).toFixed(1)} MiB copied for ${CHANGED_MB} MiB written`]);
}

// ---- journal replays ------------------------------------------------------------------------
rbd('--cluster', 'site-a', 'create', '--size', `${SIZE_MB}M`, '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/jrn-img');
rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/jrn-img', 'journal');
await waitFor(() => status('jrn-img').state === 'up+replaying', 60_000, 'jrn-img replaying');
// What a daemon start costs by itself (CPU), with nothing to replay: subtracted per event below.
const idleStartCpu = async () => {
  await daemon.stop();
  const t0 = Date.now();
  daemon = startDaemon('site-b');
  const updated = () => db('site-b').prepare('SELECT MAX(last_update) AS t FROM mirror_status').get().t;
  await waitFor(() => updated() * 1000 > t0, 60_000, 'daemon up');
  await new Promise((r) => setTimeout(r, 300));
  return daemon.cpu();
};
for (const { pattern, io } of JOURNALS) {
  const startCpu = await idleStartCpu();
  await daemon.stop();
  const tid0 = journalTid('jrn-img');
  write('jrn-img', pattern, io, `${CHANGED_MB}M`);
  const lastTid = journalTid('jrn-img');
  const events = lastTid - tid0;
  const t0 = now();
  daemon = startDaemon('site-b');
  let tFirst;
  await waitFor(() => {
    const tid = appliedTid('jrn-img');
    if (tid > tid0 && tFirst === undefined) tFirst = now();
    return tid >= lastTid;
  }, 600_000, 'journal replay', 5);
  const sec = (now() - t0) / 1000;
  const cpu = daemon.cpu();
  const replaySec = (now() - tFirst) / 1000;
  rows.push([`journal replay: ${events} ${pattern} ${io} writes, incl. daemon start`, (CHANGED / MB / sec).toFixed(1), (events / sec).toFixed(0), sec.toFixed(2),
    cpuCell(cpu), perMb(cpu, CHANGED), ((Math.max(0, cpu - startCpu) * 1e6) / events).toFixed(0),
    `after the first batch: ${(events / replaySec).toFixed(0)} events/s; start-up CPU ${startCpu.toFixed(2)} s (not per event)`]);
}

// ---- cp --sparse=always of the same bytes ---------------------------------------------------
if (DELTAS.length) {
  const file = join(home, 'snap-img.raw');
  rbd('--cluster', 'site-a', 'export', 'image-pool/snap-img-0', file);
  spawnSync('sync');
  const t0 = now();
  const cp = spawnSync('cp', ['--sparse=always', file, `${file}.copy`]);
  spawnSync('sync', [`${file}.copy`]);
  const sec = (now() - t0) / 1000;
  if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr}`);
  rows.push([`cp --sparse=always (${SIZE_MB} MiB file, ${CHANGED_MB} MiB data)`, (CHANGED / MB / sec).toFixed(1), '', sec.toFixed(2), '', '', '',
    `${(statSync(`${file}.copy`).blocks * 512 / 1048576).toFixed(0)} MiB allocated`]);
  rmSync(file, { force: true });
  rmSync(`${file}.copy`, { force: true });
}
await daemon.stop();

// ---- full syncs: enable -> peer idle, and the daemon's peak RSS ---------------------------------
const syncRows = [];
for (const size of SYNC_SIZES) {
  const name = `sync-${size.toLowerCase()}`;
  const bytes = bytesOf(size);
  rbd('--cluster', 'site-a', 'create', '--size', size, `image-pool/${name}`);
  write(name, 'seq', '4M', size);
  daemon = startDaemon('site-b');
  const t0 = now();
  rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', `image-pool/${name}`, 'snapshot');
  await waitFor(() => status(name).state === 'up+replaying', 1_800_000, `${name} synced`, 20);
  const sec = (now() - t0) / 1000;
  const cpu = daemon.cpu();
  syncRows.push([`full sync: ${size} written, enable -> peer idle`, (bytes / MB / sec).toFixed(1), sec.toFixed(2), cpuCell(cpu), perMb(cpu, bytes),
    daemon.peakRssMiB().toFixed(1)]);
  await daemon.stop();
  rbd('--cluster', 'site-a', 'mirror', 'image', 'disable', `image-pool/${name}`);
  rbd('--cluster', 'site-a', 'rm', `image-pool/${name}`);
}

const benchCpu = process.cpuUsage(benchCpu0);
console.log(`\nReplication (site-a → site-b, one daemon; MB = 10^6 bytes of changed data; CPU = the daemon's user+sys)`);
console.log(`load average before: ${loadBefore}, after: ${load()}; bench process CPU ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s in ${((now() - wall0) / 1000).toFixed(0)} s\n`);
console.log(table(rows, ['what', 'MB/s', 'events/s', 'seconds', 'CPU s', 'CPU ms/MB', 'CPU µs/event', 'note']));
if (syncRows.length) {
  console.log('');
  console.log(table(syncRows, ['what', 'MB/s', 'seconds', 'CPU s', 'CPU ms/MB', 'peak RSS MiB']));
}
for (const d of Object.values(dbs)) d.close();
if (process.env.BENCH_KEEP) console.log(`kept ${home}`); else rmSync(home, { recursive: true, force: true });
