// rbd-mirror as a service, the way the seed guide runs it: daemonized (returns once running, pid
// file, log file, SIGTERM through the pid file), its admin socket (Ceph's wire protocol; stop and
// start really pause and resume a journal image's replay), reached with our `ceph --admin-daemon`
// and `ceph daemon <name>` and with Ceph's own /usr/bin/ceph where installed; the systemd unit
// checked with systemd-analyze where available.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { exportSha, FAST_DAEMON_ENV, peerTwoSites, RBD_MIRROR_BIN, startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { CEPH_BIN, childEnv, createPool, ok, okJson, ROOT, runBin, runProcess, tempHome } from '../helpers/rbd.js';

let home: string;
let daemons: DaemonHandle[] = [];
const pidsToKill: number[] = [];
const A = ['--cluster', 'site-a'];
const B = ['--cluster', 'site-b'];
const env = () => childEnv(home, FAST_DAEMON_ENV);
const mirror = (...args: string[]) => runBin(RBD_MIRROR_BIN, args, { env: env() });
/** The daemon's user, as the seed creates it (caps are enforced: an unknown client.<id> cannot run). */
const daemonUser = async (id: string) =>
  expect((await runBin(CEPH_BIN, [...A, 'auth', 'get-or-create', `client.${id}`, 'mon', 'profile rbd-mirror', 'osd', 'profile rbd'], { env: env() })).code).toBe(0);
const ceph = (...args: string[]) => runBin(CEPH_BIN, args, { env: env() });
const runDir = () => join(home, 'run');
const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };
const sockets = () => (existsSync(runDir()) ? readdirSync(runDir()).filter((f) => f.endsWith('.asok')).map((f) => join(runDir(), f)) : []);

async function socketOf(cluster: string, id = 'admin'): Promise<string> {
  return waitFor<string | undefined>(() => sockets().find((s) => s.includes(`/${cluster}-client.${id}.`)), 20_000, `admin socket of ${cluster} client.${id}`) as Promise<string>;
}

/** Our ceph CLI against a socket, insisting on exit 0; JSON replies parsed. */
async function asok(socket: string, ...words: string[]): Promise<any> {
  const r = await ceph('--admin-daemon', socket, ...words);
  if (r.code !== 0) throw new Error(`ceph --admin-daemon ${words.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout === '' ? undefined : JSON.parse(r.stdout);
}

beforeEach(() => {
  home = tempHome('rbdm-service-e2e-');
});
afterEach(async () => {
  await Promise.all(daemons.map((d) => d.kill()));
  daemons = [];
  for (const pid of pidsToKill.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

describe('daemonized', () => {
  test('returns once running; pid file, socket and log; SIGTERM through the pid file stops it and removes them', async () => {
    await createPool(home, 'site-a', 'image-pool');
    await daemonUser('rbd-mirror.a');
    const r = await mirror(...A, '--id', 'rbd-mirror.a');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const pidFile = join(runDir(), 'site-a-client.rbd-mirror.a.pid');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    pidsToKill.push(pid);
    expect(alive(pid)).toBe(true);
    // already running when the launcher returned: the socket is there and answers
    const socket = sockets().find((s) => s.includes(`site-a-client.rbd-mirror.a.${pid}.`))!;
    expect(socket).toBeDefined();
    expect(statSync(socket).isSocket() && (statSync(socket).mode & 0o777)).toBe(0o600);
    expect(statSync(runDir()).mode & 0o777).toBe(0o700);
    expect((await asok(socket, 'version')).version).toBe('16.2.15');
    expect(readFileSync(join(home, 'log', 'site-a-client.rbd-mirror.a.log'), 'utf8')).toMatch(new RegExp(`starting rbd-mirror \\(pid ${pid}\\)`));
    // the service map shows it
    await ok(home, [...A, 'mirror', 'pool', 'enable', 'image-pool', 'image']);
    await waitFor(async () => (await ok(home, [...A, 'mirror', 'pool', 'status', 'image-pool', '--verbose'])).includes('rbd-mirror.a'),
      20_000, 'daemon in the service map');

    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
    await waitFor(() => !alive(pid), 20_000, 'daemon exit after SIGTERM');
    expect(existsSync(pidFile)).toBe(false);
    expect(existsSync(socket)).toBe(false);
    expect(readFileSync(join(home, 'log', 'site-a-client.rbd-mirror.a.log'), 'utf8')).toMatch(/caught SIGTERM, shutting down[\s\S]*stopped/);
  });

  test('a cluster that does not exist: one line, non-zero, nothing left running or written', async () => {
    const r = await mirror('--cluster', 'nosuch', '--id', 'rbd-mirror.a');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rbd-mirror: unable to connect to local cluster nosuch: [^\n]+\n$/);
    expect(existsSync(join(runDir(), 'nosuch-client.rbd-mirror.a.pid'))).toBe(false);
  });

  test('a stale pid file is replaced; one naming a live daemon is refused', async () => {
    await createPool(home, 'site-a', 'image-pool');
    await daemonUser('rbd-mirror.a');
    // a pid that is not running (a process that has exited)
    const dead = (await runProcess('sh', ['-c', 'echo $$'], { env: process.env })).stdout.trim();
    const pidFile = join(runDir(), 'site-a-client.rbd-mirror.a.pid');
    (await import('node:fs')).mkdirSync(runDir(), { recursive: true, mode: 0o700 });
    writeFileSync(pidFile, `${dead}\n`);
    expect((await mirror(...A, '--id', 'rbd-mirror.a')).code).toBe(0);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    pidsToKill.push(pid);
    expect(pid).not.toBe(Number(dead));
    expect(alive(pid)).toBe(true);

    const second = await mirror(...A, '--id', 'rbd-mirror.a');
    expect(second.code).toBe(17);
    expect(second.stderr).toBe(`rbd-mirror: failed to lock pidfile ${pidFile} because another process locked it (pid ${pid})\n`);
    expect(Number(readFileSync(pidFile, 'utf8'))).toBe(pid);
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !alive(pid), 20_000, 'daemon exit');
  });
});

describe('admin socket', () => {
  const spec = 'image-pool/jrn';
  const status = async () => okJson(home, [...B, 'mirror', 'image', 'status', spec]);
  const sha = (cluster: string) => exportSha(home, cluster, spec);
  const bench = () => ok(home, [...A, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '256K', '--io-pattern', 'rand', spec]);
  const inSync = async () => (await status()).state === 'up+replaying' && (await sha('site-b')) === (await sha('site-a'));

  test('status, stop/start (image, pool+peer, daemon) pause and resume journal replay, flush, restart, perf dump', async () => {
    await peerTwoSites(home);
    await ok(home, [...A, 'create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', spec]);
    await ok(home, [...A, 'mirror', 'image', 'enable', spec, 'journal']);
    daemons = [startDaemon(home, 'site-b')];
    const socket = await socketOf('site-b');
    await bench();
    await waitFor(inSync, 60_000, 'journal copy in sync');

    const all = await asok(socket, 'rbd', 'mirror', 'status');
    expect(all.pool_replayers).toHaveLength(1);
    expect(all.pool_replayers[0]).toMatchObject({ pool: 'image-pool', state: 'running', local_cluster_admin_socket: socket });
    expect(all.pool_replayers[0].peer).toMatch(/^uuid: \S+ cluster: site-a client: client\./);
    expect(all.pool_replayers[0].image_replayers).toEqual([{ name: spec, state: 'Replaying' }]);
    expect(await asok(socket, 'rbd', 'mirror', 'status', spec)).toEqual({ name: spec, state: 'Replaying' });
    const help = await asok(socket, 'help');
    for (const verb of ['status', 'start', 'stop', 'restart', 'flush']) {
      expect(help[`rbd mirror ${verb}`]).toBeDefined();
      expect(help[`rbd mirror ${verb} image-pool site-a`]).toBe(`${verb === 'status' ? 'get status for' : verb} rbd mirror image-pool site-a`);
      expect(help[`rbd mirror ${verb} ${spec}`]).toBeDefined();
    }
    const perf = await asok(socket, 'perf', 'dump');
    expect(perf.rbd_mirror.replay).toBeGreaterThan(0);
    expect(perf.rbd_mirror.replay_bytes).toBeGreaterThan(0);

    // each scope's stop pauses replay: writes on the primary stay behind until start
    const scopes: [string, string[]][] = [['image', [spec]], ['pool+peer', ['image-pool', 'site-a']], ['daemon', []]];
    for (const [scope, words] of scopes) {
      expect(await asok(socket, 'rbd', 'mirror', 'stop', ...words)).toBeUndefined();
      await waitFor(async () => { const s = await status(); return s.state === 'up+stopped' && s.description === 'stopped'; }, 20_000, `${scope} stopped`);
      expect((await asok(socket, 'rbd', 'mirror', 'status', spec)).state).toBe('Stopped');
      if (scope !== 'image') expect((await asok(socket, 'rbd', 'mirror', 'status', 'image-pool', 'site-a')).state).toBe('stopped (manual)');
      await bench();
      // two passes of the daemon later (flush waits for one) the copy has still not moved
      await asok(socket, 'rbd', 'mirror', 'flush');
      await asok(socket, 'rbd', 'mirror', 'flush');
      expect((await status()).state).toBe('up+stopped');
      expect(await sha('site-b')).not.toBe(await sha('site-a'));
      expect(await asok(socket, 'rbd', 'mirror', 'start', ...words)).toBeUndefined();
      await waitFor(inSync, 60_000, `${scope} replay resumed`);
    }

    // restart and flush keep replicating; flush returns once the daemon made its pass
    expect(await asok(socket, 'rbd', 'mirror', 'restart', spec)).toBeUndefined();
    await bench();
    await waitFor(inSync, 60_000, 'in sync after restart');
    expect(await asok(socket, 'rbd', 'mirror', 'flush', 'image-pool', 'site-a')).toBeUndefined();
    expect((await asok(socket, 'perf', 'dump')).rbd_mirror.replay).toBeGreaterThan(perf.rbd_mirror.replay);
  });

  test('ceph daemon <name>, --format json, bad commands, a stopped daemon; Ceph\'s own ceph client', async () => {
    await createPool(home, 'site-a', 'image-pool');
    await daemonUser('rbd-mirror.a');
    const d = startDaemon(home, 'site-a', { args: ['--id', 'rbd-mirror.a'] });
    daemons = [d];
    const socket = await socketOf('site-a', 'rbd-mirror.a');
    const byName = await ceph(...A, 'daemon', 'client.rbd-mirror.a', 'version');
    expect(byName).toMatchObject({ code: 0, stderr: '' });
    expect(byName.stdout).toBe('{\n    "version": "16.2.15",\n    "release": "pacific",\n    "release_type": "stable"\n}\n');
    expect((await ceph(...A, 'daemon', 'client.rbd-mirror.a', 'rbd', 'mirror', 'status', '--format', 'json')).stdout).toBe('{"pool_replayers":[]}');
    expect((await ceph(...A, 'daemon', socket, 'rbd', 'mirror', 'status')).code).toBe(0);

    const bad = await ceph('--admin-daemon', socket, 'rbd', 'mirror', 'bogus');
    expect(bad.code).toBe(22);
    expect(bad.stderr).toBe('no valid command found; 5 closest matches:\nrbd mirror flush\nrbd mirror restart\nrbd mirror start\nrbd mirror status\nrbd mirror stop\nadmin_socket: invalid command\n');
    const none = await ceph(...A, 'daemon', 'client.rbd-mirror.b', 'version');
    expect(none).toMatchObject({ code: 22, stdout: '', stderr: 'admin_socket: exception getting command descriptions: [Errno 2] No such file or directory\n' });
    expect((await ceph('daemon', 'client.rbd-mirror.a')).code).toBe(22);

    if (existsSync('/usr/bin/ceph')) {
      // Ceph's CLI needs no cluster for --admin-daemon: its descriptions check and framing are Ceph's
      const real = (...words: string[]) => runProcess('/usr/bin/ceph', ['--admin-daemon', socket, ...words], { env: { PATH: process.env.PATH, HOME: home } });
      const v = await real('version');
      expect(v.code).toBe(0);
      expect(JSON.parse(v.stdout)).toEqual({ version: '16.2.15', release: 'pacific', release_type: 'stable' });
      expect(JSON.parse((await real('rbd', 'mirror', 'status')).stdout)).toEqual({ pool_replayers: [] });
      expect(JSON.parse((await real('perf', 'dump')).stdout).rbd_mirror).toBeDefined();
      expect(Object.keys(JSON.parse((await real('help')).stdout))).toContain('rbd mirror stop');
      const realBad = await real('rbd', 'mirror', 'bogus');
      expect(realBad.code).toBe(22);
      expect(realBad.stderr).toBe(bad.stderr);
    }

    expect(await d.stop()).toBe(0);
    expect(existsSync(socket)).toBe(false);
    expect((await ceph('--admin-daemon', socket, 'version')).stderr).toBe('admin_socket: exception getting command descriptions: [Errno 2] No such file or directory\n');
  });
});

describe('ceph help', () => {
  test('is the ceph CLI\'s usage and lists daemon', async () => {
    const r = await ceph('help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\n General usage: \n ==============\nusage: ceph /);
    expect(r.stdout).not.toMatch(/usage: rbd/);
    expect(r.stdout).toMatch(/\ndaemon \{type\.id\|path\} <cmd>\n/);
    expect((await ceph('help', 'auth')).stdout).toMatch(/^\nauth caps <entity> <caps>\.\.\. :  /);
  });
});

describe('systemd unit', () => {
  const which = (cmd: string) => { try { return execFileSync('which', [cmd], { encoding: 'utf8' }).trim(); } catch { return ''; } };
  test.skipIf(!which('systemd-analyze'))('ceph-rbd-mirror@.service (and its rbdm-mirror@ name) pass systemd-analyze verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbdm-unit-'));
    try {
      for (const name of ['ceph-rbd-mirror@.service', 'rbdm-mirror@.service']) {
        const unit = readFileSync(join(ROOT, 'systemd', name), 'utf8');
        expect(unit).toMatch(/^ExecStart=\/usr\/local\/bin\/rbdm-mirror -f --cluster \$\{CLUSTER\} --id %i$/m);
        // verify insists the ExecStart binary exists: point it at this checkout's launcher
        writeFileSync(join(dir, name), unit.replace('/usr/local/bin/rbdm-mirror', join(ROOT, 'bin', 'rbd-mirror.js')));
        const instance = name.replace('@.service', '@rbd-mirror.a.service');
        // (--man=no: Documentation= names rbd-mirror(8), installed only with Ceph's packages)
        const r = await runProcess('systemd-analyze', ['verify', '--man=no', join(dir, instance)], { env: process.env, cwd: dir });
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      }
      // and it does reject a broken unit (the check is not vacuous)
      copyFileSync(join(dir, 'ceph-rbd-mirror@.service'), join(dir, 'broken@.service'));
      writeFileSync(join(dir, 'broken@.service'), readFileSync(join(dir, 'broken@.service'), 'utf8').replace(join(ROOT, 'bin', 'rbd-mirror.js'), '/nonexistent/rbd-mirror'));
      const broken = await runProcess('systemd-analyze', ['verify', '--man=no', join(dir, 'broken@x.service')], { env: process.env, cwd: dir });
      expect(broken.code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
