// `mirror pool|image health`, `--format prometheus` and `--watch` (rbdm additions, issue 9), on
// either backend (test/helpers/sites.ts). Local: the test runs the rbd-mirror daemons and stops
// them; ceph: the lab's own rbd-mirror daemons run throughout (shared by every helper), so the
// steps that stop a daemon are skipped there, with that reason in their titles.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { childEnv, RBD_BIN } from '../helpers/rbd.js';
import { ON_CEPH, ON_LOCAL, sites, type SiteRunner } from '../helpers/sites.js';

const s = sites('health');
const { a, b } = s;
const P = s.pool('image-pool');
/** Ceph's daemons need tens of seconds to notice promotions; the loaded box slows local ones. */
const SETTLE_MS = ON_CEPH ? 180_000 : 60_000;
const T = 2 * SETTLE_MS + 30_000;
const NO_STOP = 'the lab\'s rbd-mirror daemons are shared and run by the lab: they cannot be stopped here';

interface HealthJson {
  status: string;
  summary: { images: number; critical: number; warning: number; ok: number };
  pools: Array<{ pool: string; problems: Problem[]; images: Array<{ name: string; role: string; health: string; problems: Problem[]; peers: Array<Record<string, unknown>> }> }>;
}
interface Problem { code: string; severity: string; site?: string; message: string; hint: string }

async function health(site: SiteRunner, args: string[]): Promise<{ code: number; json: HealthJson; stderr: string }> {
  const r = await site.run([...args, '--format', 'json']);
  if (r.code > 2) throw new Error(`health exited ${r.code}: ${r.stderr}`);
  return { code: r.code, json: JSON.parse(r.stdout) as HealthJson, stderr: r.stderr };
}
const problemsOf = (j: HealthJson) => j.pools.flatMap((p) => [...p.problems, ...p.images.flatMap((i) => i.problems)]);
const codes = (j: HealthJson) => problemsOf(j).map((p) => p.code);

/** Polls until `check` returns a value (never undefined afterwards). */
const until = <T>(check: () => Promise<T | undefined>, what: string) => waitFor(check, SETTLE_MS, what, 500) as Promise<T>;
/** Polls `health` until `ok` holds for its result. */
const healthUntil = (site: SiteRunner, args: string[], what: string, ok: (r: { code: number; json: HealthJson }) => boolean) =>
  until(async () => { const r = await health(site, args); return ok(r) ? r : undefined; }, what);

const globalArgs = (cluster: string) => (ON_CEPH ? ['--backend', 'ceph', '--cluster', cluster] : ['--cluster', cluster]);
const childEnvFor = () => childEnv(s.home, ON_CEPH ? { RBDM_BACKEND: 'ceph' } : {});

/** A long-running `rbd` with stdout on a pipe; `out()` is everything it wrote so far. */
function spawnRbd(cluster: string, args: string[]) {
  const child = spawn(process.execPath, [RBD_BIN, ...globalArgs(cluster), ...args], { env: childEnvFor(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
  child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

describe.skipIf(s.skip)(s.title('mirror pool|image health, prometheus, --watch'), { timeout: T }, () => {
  const daemons: Partial<Record<'site-a' | 'site-b', DaemonHandle>> = {};
  const start = (c: 'site-a' | 'site-b') => { daemons[c] = startDaemon(s.home, c); };

  beforeAll(async () => {
    await s.mirroredPair('image-pool');
    await a('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', `${P}/journal-1`);
    await a('mirror', 'image', 'enable', `${P}/journal-1`, 'journal');
    await a('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock', `${P}/snap-1`);
    await a('mirror', 'image', 'enable', `${P}/snap-1`, 'snapshot');
    await a('mirror', 'snapshot', 'schedule', 'add', '--pool', P, '--image', 'snap-1', '1h');
    if (ON_LOCAL) { start('site-a'); start('site-b'); }
  }, 180_000);
  afterAll(async () => {
    await Promise.all(Object.values(daemons).map((d) => d?.stop()));
    await s.cleanup();
  }, 180_000);

  test('missing pool or cluster: UNKNOWN, exit 3, one rbd: line', async () => {
    const r = await a.run(['mirror', 'pool', 'health', s.pool('no-such-pool')]);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toMatch(/^rbd: [^\n]*no-such-pool[^\n]*\n$/);
    const img = await a.run(['mirror', 'image', 'health', `${P}/no-such-image`, '--format', 'prometheus']);
    expect(img).toEqual({ code: 3, stdout: '', stderr: 'rbd: error opening image no-such-image: (2) No such file or directory\n' });
    const dur = await a.run(['mirror', 'pool', 'health', P, '--warn-lag', '5x']);
    expect(dur.code).toBe(3);
    expect(dur.stderr).toMatch(/^rbd: invalid duration for --warn-lag: '5x'[^\n]*\n$/);
    if (ON_LOCAL) {
      const c = await s.extraSite('site-x').run(['mirror', 'pool', 'health']);
      expect(c.code).toBe(3);
      expect(c.stderr.split('\n')).toHaveLength(2);
    }
  });

  test('healthy pair: OK, exit 0 on both sites; plain summary line and typed records in JSON', async () => {
    const healthy = (r: { code: number; json: HealthJson }) => r.code === 0 && r.json.summary.images === 2
      && r.json.pools[0]!.images.length === 2 && r.json.pools[0]!.images.every((i) => i.peers.some((p) => p.daemon_up === true && p.lag_seconds === 0));
    const [onA, onB] = await Promise.all([
      healthUntil(a, ['mirror', 'pool', 'health', P, '--verbose'], 'site-a healthy', healthy),
      healthUntil(b, ['mirror', 'pool', 'health', P, '--verbose'], 'site-b healthy', healthy),
    ]);
    expect(onA.json).toMatchObject({ status: 'OK', summary: { images: 2, ok: 2, warning: 0, critical: 0 } });
    expect(onA.json.pools[0]!.images.map((i) => [i.name, i.role]).sort()).toEqual([['journal-1', 'primary'], ['snap-1', 'primary']]);
    expect(onB.json.pools[0]!.images.map((i) => i.role)).toEqual(['non-primary', 'non-primary']);
    const snap = onA.json.pools[0]!.images.find((i) => i.name === 'snap-1')!;
    expect(snap).toMatchObject({ mode: 'snapshot', schedule: { interval: '1h', overdue: false, executed: true } });
    expect(snap.peers[0]).toMatchObject({ site_name: 'site-b', replayer: 'peer', daemon_up: true, lag_seconds: 0 });
    expect(typeof snap.peers[0]!.last_sync_time).toBe('number');

    const plain = await a.run(['mirror', 'pool', 'health', P]);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout).toMatch(/^RBD MIRROR OK - 2 images: 0 critical, 0 warning, 2 ok \(/);
    // no pool: every mirrored pool of the cluster, this one among them
    const all = await health(a, ['mirror', 'pool', 'health']);
    expect(all.json.pools.map((p) => p.pool)).toContain(P);
    const one = await a.run(['mirror', 'image', 'health', `${P}/journal-1`]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^RBD MIRROR OK - 1 image: /);
  });

  test('prometheus text parses with a real parser: names, labels, lag and state gauges', async () => {
    const r = await a.run(['mirror', 'pool', 'health', P, '--format', 'prometheus']);
    expect(r.code).toBe(0);
    const families = parsePrometheusTextFormat(r.stdout);
    const byName = new Map(families.map((f) => [f.name, f]));
    for (const f of families) {
      expect(f.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      expect(f.type).toBe('GAUGE');
      for (const m of f.metrics) for (const k of Object.keys(m.labels ?? {})) expect(k).toMatch(/^[a-zA-Z_][a-zA-Z0-9_]*$/);
    }
    expect(byName.get('rbdm_mirror_health')!.metrics).toEqual([{ value: '0', labels: { cluster: 'site-a' } }]);
    const lag = byName.get('rbdm_mirror_image_lag_seconds')!.metrics;
    expect(lag.map((m) => m.labels!.image).sort()).toEqual(['journal-1', 'snap-1']);
    expect(lag.every((m) => m.value === '0' && m.labels!.peer_site === 'site-b' && m.labels!.pool === P)).toBe(true);
    const states = byName.get('rbdm_mirror_image_peer_state')!.metrics.filter((m) => m.value === '1');
    expect(states.map((m) => m.labels!.state)).toEqual(['replaying', 'replaying']);
    expect(byName.get('rbdm_mirror_daemon_up')!.metrics.every((m) => m.value === '1')).toBe(true);
    expect(byName.get('rbdm_mirror_image_last_sync_timestamp_seconds')!.metrics.length).toBe(2);
    expect(byName.get('rbdm_mirror_image_problems')!.metrics.every((m) => m.value === '0')).toBe(true);
  });

  test('snapshot image with no schedule and no recent mirror snapshot: WARNING no-schedule', async () => {
    await a('create', '--size', '4M', '--image-feature', 'layering,exclusive-lock', `${P}/unscheduled`);
    await a('mirror', 'image', 'enable', `${P}/unscheduled`, 'snapshot');
    // its one mirror snapshot (taken by enable) stops being recent after --warn-lag
    const r = await healthUntil(a, ['mirror', 'image', 'health', `${P}/unscheduled`, '--warn-lag', '1s', '--crit-lag', '1h'],
      'no-schedule warning', (x) => x.code === 1 && codes(x.json).includes('no-schedule'));
    expect(r.json.status).toBe('WARNING');
    const p = problemsOf(r.json).find((x) => x.code === 'no-schedule')!;
    expect(p).toMatchObject({ severity: 'warning' });
    expect(p.hint).toContain('rbd mirror snapshot schedule add');
    const plain = await a.run(['mirror', 'image', 'health', `${P}/unscheduled`, '--warn-lag', '1s', '--crit-lag', '1h']);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^RBD MIRROR WARNING - 1 image/);
    expect(plain.stdout).toContain('warning no-schedule: no snapshot schedule');
    await a('mirror', 'image', 'disable', `${P}/unscheduled`);
  });

  test('--watch on a pipe: a new block only on change; JSON one document per line; SIGINT/SIGTERM exit 0', async () => {
    const status = spawnRbd('site-a', ['mirror', 'pool', 'status', P, '--watch', '--interval', '1s']);
    const json = spawnRbd('site-a', ['mirror', 'pool', 'health', P, '--watch', '--interval', '1s', '--format', 'json']);
    try {
      await waitFor(() => status.out().includes(' total\n') && json.out().includes('\n'), SETTLE_MS, 'first frames');
      const firstStatus = status.out();
      await a('create', '--size', '4M', '--image-feature', 'layering,exclusive-lock', `${P}/watched`);
      await a('mirror', 'image', 'enable', `${P}/watched`, 'snapshot');
      await waitFor(() => status.out().length > firstStatus.length && json.out().split('\n').length > 2, SETTLE_MS, 'a second block after the change');
      const blocks = status.out().trimEnd().split('\n\n');
      expect(blocks[0]).toMatch(/^health: /);
      for (let i = 1; i < blocks.length; i++) expect(blocks[i]).not.toBe(blocks[i - 1]); // nothing repeats unchanged
      expect(blocks.at(-1)).toMatch(/images: 3 total/);
      const docs = json.out().trimEnd().split('\n').map((l) => JSON.parse(l) as HealthJson);
      expect(docs.length).toBeGreaterThanOrEqual(2);
      expect(docs.at(-1)!.summary.images).toBeGreaterThan(docs[0]!.summary.images);
      status.child.kill('SIGINT');
      json.child.kill('SIGTERM');
      expect(await status.exited).toEqual({ code: 0, signal: null });
      expect(await json.exited).toEqual({ code: 0, signal: null });
      expect(status.err() + json.err()).toBe('');
    } finally {
      status.child.kill('SIGKILL');
      json.child.kill('SIGKILL');
      await a.run(['mirror', 'image', 'disable', `${P}/watched`]);
    }
  });

  test('--watch: a closed stdout pipe ends it cleanly', async () => {
    const w = spawnRbd('site-a', ['mirror', 'pool', 'status', P, '--watch', '--interval', '1s', '--format', 'json']);
    await waitFor(() => w.out().includes('\n'), SETTLE_MS, 'first line');
    w.child.stdout.destroy();
    await a('create', '--size', '4M', `${P}/epipe`); // nothing mirrored changes: a write comes with the next change
    await a('mirror', 'image', 'enable', `${P}/epipe`, 'snapshot');
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.err()).toBe('');
    await a('mirror', 'image', 'disable', `${P}/epipe`);
  });

  test('--watch on a terminal (script -qfec): redrawn in place, cursor restored after Ctrl-C', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbdm-pty-'));
    const pidFile = join(dir, 'pid');
    const quote = (x: string) => `'${x.replace(/'/g, "'\\''")}'`;
    const cmd = ['sh', '-c', quote(`echo $$ > ${pidFile}; exec ${[process.execPath, RBD_BIN, ...globalArgs('site-a'), 'mirror', 'image', 'status', `${P}/journal-1`, '--watch', '--interval', '1s'].map(quote).join(' ')}`)].join(' ');
    const env = { ...childEnvFor() };
    delete env.NO_COLOR;
    const pty = spawn('script', ['-qfec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    pty.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    const exited = new Promise<number | null>((r) => pty.on('exit', (code) => r(code)));
    try {
      // two frames: each starts at the cursor home and ends by clearing below
      await waitFor(() => (out.match(/\x1b\[H/g) ?? []).length >= 3 && out.includes('journal-1:'), SETTLE_MS, 'two frames on the pty');
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      process.kill(pid, 'SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('\x1b[?25l');                 // cursor hidden while watching
      expect(out.trimEnd().endsWith('\x1b[?25h')).toBe(true); // and shown again at the end
      expect(out).toMatch(/Every 1s: rbd mirror image status /);
      expect(out).toContain('\x1b[J');
      expect(out.match(/\x1b\[2J/g)).toHaveLength(1); // the screen is cleared once, not per frame
    } finally {
      pty.kill('SIGKILL');
    }
  });

  test('forced promotion on site-b while site-a is primary: CRITICAL two-primaries; demote after: split-brain with the resync hint', async () => {
    await a('create', '--size', '4M', '--image-feature', 'layering,exclusive-lock,journaling', `${P}/forced`);
    await a('mirror', 'image', 'enable', `${P}/forced`, 'journal');
    await waitFor(async () => {
      const st = await b.run(['mirror', 'image', 'status', `${P}/forced`, '--format', 'json']);
      return st.code === 0 && JSON.parse(st.stdout).state === 'up+replaying';
    }, SETTLE_MS, 'site-b replaying forced');
    await b('mirror', 'image', 'promote', '--force', `${P}/forced`);
    const two = await healthUntil(a, ['mirror', 'image', 'health', `${P}/forced`], 'two-primaries on site-a',
      (x) => x.code === 2 && codes(x.json).includes('two-primaries'));
    const p = problemsOf(two.json).find((x) => x.code === 'two-primaries')!;
    expect(p).toMatchObject({ severity: 'critical', site: 'site-b' });
    expect(p.hint).toContain('rbd mirror image demote');
    // the plain form shows it too (real rbd shows two green up+stopped rows here)
    const plain = await a.run(['mirror', 'image', 'health', `${P}/forced`]);
    expect(plain.code).toBe(2);
    expect(plain.stdout).toContain('critical two-primaries [site-b]');

    await a('mirror', 'image', 'demote', `${P}/forced`);
    const split = await healthUntil(a, ['mirror', 'image', 'health', `${P}/forced`], 'split-brain on site-a',
      (x) => x.code === 2 && codes(x.json).includes('split-brain'));
    const sb = problemsOf(split.json).find((x) => x.code === 'split-brain')!;
    expect(sb.severity).toBe('critical');
    expect(sb.hint).toContain(`rbd mirror image resync ${P}/forced`);
    expect(codes(split.json)).not.toContain('two-primaries');
  });

  describe.skipIf(ON_CEPH)(`daemons stopped (local only; ceph: ${NO_STOP})`, { timeout: T }, () => {
    test('daemon on site-b stopped: CRITICAL daemon-down for site-b on site-a, daemon-absent on site-b', async () => {
      await daemons['site-b']!.stop();
      const onA = await healthUntil(a, ['mirror', 'pool', 'health', P], 'daemon-down on site-a',
        (x) => x.code === 2 && problemsOf(x.json).some((p) => p.code === 'daemon-down' && p.site === 'site-b'));
      expect(problemsOf(onA.json).find((p) => p.code === 'daemon-down')!.hint).toContain('start rbd-mirror on site-b');
      const onB = await health(b, ['mirror', 'pool', 'health', P]);
      expect(onB.code).toBe(2);
      expect(onB.json.pools[0]!.problems.map((p) => p.code)).toContain('daemon-absent');
    });

    test('lag thresholds: writes and mirror snapshots while site-b is stopped cross --warn-lag, then --crit-lag', async () => {
      const args = ['mirror', 'image', 'health', `${P}/snap-1`];
      const behind = await until(async () => {
        await a('bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '64K', `${P}/snap-1`);
        await a('mirror', 'image', 'snapshot', `${P}/snap-1`);
        const r = await health(a, [...args, '--warn-lag', '1s', '--crit-lag', '1h']);
        const peer = r.json.pools[0]!.images[0]!.peers[0]!;
        return typeof peer.lag_seconds === 'number' && peer.lag_seconds > 1 ? r : undefined;
      }, 'lag over 1s');
      expect(behind.code).toBeGreaterThanOrEqual(1);
      expect(problemsOf(behind.json)).toContainEqual(expect.objectContaining({ code: 'lag', severity: 'warning', site: 'site-b' }));
      const crit = await health(a, [...args, '--warn-lag', '1s', '--crit-lag', '1s']);
      expect(crit.code).toBe(2);
      expect(problemsOf(crit.json)).toContainEqual(expect.objectContaining({ code: 'lag', severity: 'critical' }));
      expect(crit.json.pools[0]!.images[0]!.peers[0]!.bytes_behind).toBeGreaterThan(0);
      const none = await health(a, [...args, '--warn-lag', '1d']);
      expect(codes(none.json)).not.toContain('lag');
      // the daemon back: the copy catches up, lag 0
      start('site-b');
      await healthUntil(a, [...args, '--warn-lag', '1s'], 'caught up', (x) => x.json.pools[0]!.images[0]!.peers[0]!.lag_seconds === 0 && !codes(x.json).includes('lag'));
    });

    test('no daemon on site-a: schedule status says nobody runs the schedules (stderr, output unchanged); health: schedule-not-running', async () => {
      const before = await a.run(['mirror', 'snapshot', 'schedule', 'status', '--pool', P]);
      expect(before).toMatchObject({ code: 0, stderr: '' });
      await daemons['site-a']!.stop();
      const after = await until(async () => {
        const r = await a.run(['mirror', 'snapshot', 'schedule', 'status', '--pool', P]);
        return r.stderr ? r : undefined;
      }, 'the note on stderr');
      expect(after.code).toBe(0);
      expect(after.stdout.split('\n')[0]).toBe(before.stdout.split('\n')[0]);
      expect(after.stdout).toContain(`${P}/snap-1`);
      expect(after.stderr).toBe('rbd: warning: no rbd-mirror daemon is running for cluster site-a: nothing takes these snapshots until one starts\n');
      const h = await health(a, ['mirror', 'pool', 'health', P]);
      expect(h.json.pools[0]!.problems).toContainEqual(expect.objectContaining({ code: 'schedule-not-running', severity: 'warning' }));
      start('site-a');
    });
  });
});
