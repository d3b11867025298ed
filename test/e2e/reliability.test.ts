// Regression tests of issue 8 (store and files, concurrency, bounded reads, export, friction):
// each one failed before its fix.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { perLine } from '../../src/render/paint.js';
import { startDaemon, waitFor } from '../helpers/daemon.js';
import { createPool, childEnv, ok, okJson, RBD_BIN, rbdIn, ROOT, runProcess, type RunResult, tempHome } from '../helpers/rbd.js';
import { scaled } from '../helpers/slow.js';

const KEY = 'AQAMzAZreeBqLRAAoWZryfmpO3pqb35nE3Y9ug==';

/** `bash -c script` with the built rbd as $RBD and RBDM_HOME = home. */
function sh(home: string, script: string, env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runProcess('bash', ['-c', script], { env: { ...childEnv(home, env), RBD: `${process.execPath} ${RBD_BIN}` } });
}

async function mirroredPool(home: string, cluster = 'site-a'): Promise<void> {
  await createPool(home, cluster, 'image-pool');
  await ok(home, ['--cluster', cluster, 'mirror', 'pool', 'enable', '--site-name', cluster, 'image-pool', 'image']);
}

describe('the store cannot be escaped', () => {
  test('--cluster ../../../victim creates nothing outside RBDM_HOME', async () => {
    const outer = mkdtempSync(join(tmpdir(), 'rbdm-escape-'));
    const home = join(outer, 'a', 'b', 'home');
    mkdirSync(home, { recursive: true });
    const r = await rbdIn(home, ['--cluster', '../../../victim', 'pool', 'init', 'px']);
    expect(r.code).toBe(22);
    expect(r.stderr).toBe("rbd: invalid cluster name '../../../victim'\n");
    expect(existsSync(join(outer, 'victim'))).toBe(false);
    expect(statSync(outer).mode & 0o777).toBe(0o700); // mkdtemp's mode, untouched
  });

  test('a cluster directory that is a symlink is refused, its target neither written nor chmodded', async () => {
    const home = tempHome();
    const target = mkdtempSync(join(tmpdir(), 'rbdm-link-target-'));
    (await import('node:fs')).chmodSync(target, 0o755);
    symlinkSync(target, join(home, 'site-a'));
    const r = await rbdIn(home, ['--cluster', 'site-a', 'pool', 'init', 'image-pool']);
    expect(r.code).toBe(40);
    expect(r.stderr).toMatch(/^rbd: cluster directory \S+ is a symbolic link: \(40\) Too many levels of symbolic links\n$/);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(existsSync(join(target, 'cluster.db'))).toBe(false);
  });

  test('a cluster directory rbdm did not create keeps its mode', async () => {
    const home = tempHome();
    mkdirSync(join(home, 'site-a'), { mode: 0o755 });
    (await import('node:fs')).chmodSync(join(home, 'site-a'), 0o755);
    await createPool(home, 'site-a', 'image-pool');
    expect(statSync(join(home, 'site-a')).mode & 0o777).toBe(0o755);
    expect(statSync(join(home, 'site-a', 'cluster.db')).mode & 0o777).toBe(0o600);
    // one it creates is 0700
    await createPool(home, 'site-b', 'image-pool');
    expect(statSync(join(home, 'site-b')).mode & 0o777).toBe(0o700);
  });

  test('the daemon does not append to a log file that is a symlink', async () => {
    const home = tempHome();
    await mirroredPool(home);
    const victim = join(mkdtempSync(join(tmpdir(), 'rbdm-log-victim-')), 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const link = join(home, 'daemon.log');
    symlinkSync(victim, link);
    const d = startDaemon(home, 'site-a', { args: ['--log-file', link] });
    try {
      await waitFor(() => /starting rbd-mirror/.test(d.log()), 20_000, 'the daemon to log its start');
      await waitFor(async () => (await okJson(home, ['--cluster', 'site-a', 'mirror', 'pool', 'status', '--verbose', 'image-pool'])).daemons?.length > 0,
        20_000, 'the daemon to register');
    } finally {
      await d.stop();
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  test('a token whose mon_host is a directory with another program\'s cluster.db leaves that file untouched', async () => {
    const home = tempHome();
    await mirroredPool(home);
    const other = mkdtempSync(join(tmpdir(), 'rbdm-other-app-'));
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(other, 'cluster.db'));
    db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
    db.close();
    const before = readFileSync(join(other, 'cluster.db'));
    const token = Buffer.from(JSON.stringify({ fsid: '00000000-1111-2222-3333-444444444444', client_id: 'x', key: KEY, mon_host: `local:${other}` })).toString('base64');
    const r = await rbdIn(home, ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], { stdin: token });
    expect(r.code).toBe(110);
    expect(readFileSync(join(other, 'cluster.db')).equals(before)).toBe(true);
    expect(existsSync(join(other, 'cluster.db-wal'))).toBe(false);
  });

  test('a zero-length cluster.db does not get the schema from rbd ls', async () => {
    const home = tempHome();
    mkdirSync(join(home, 'site-a'));
    writeFileSync(join(home, 'site-a', 'cluster.db'), '');
    const r = await rbdIn(home, ['--cluster', 'site-a', 'ls', 'image-pool']);
    expect(r.code).toBe(2);
    expect(statSync(join(home, 'site-a', 'cluster.db')).size).toBe(0);
  });
});

describe('feature changes on a non-primary image are refused as librbd does', () => {
  test.each([
    ['disable', 'journaling'], ['enable', 'object-map'], ['enable', 'fast-diff'], ['disable', 'exclusive-lock'],
  ])('feature %s %s on a demoted image: EROFS (30)', async (op, feature) => {
    const home = tempHome();
    await mirroredPool(home);
    await ok(home, ['--cluster', 'site-a', 'create', '--size', '4M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/img']);
    await ok(home, ['--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/img', 'journal']);
    await ok(home, ['--cluster', 'site-a', 'mirror', 'image', 'demote', 'image-pool/img']);
    const before = (await okJson(home, ['--cluster', 'site-a', 'info', 'image-pool/img'])).features;
    const r = await rbdIn(home, ['--cluster', 'site-a', 'feature', op, 'image-pool/img', feature]);
    expect(r.code).toBe(30);
    expect(r.stderr).toBe('rbd: failed to update image features: (30) Read-only file system\n');
    expect((await okJson(home, ['--cluster', 'site-a', 'info', 'image-pool/img'])).features).toEqual(before);
  });
});

test('8 concurrent `mirror pool peer add`: one rx-tx peer, the others refused', async () => {
  const home = tempHome();
  await mirroredPool(home);
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    rbdIn(home, ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'add', 'image-pool', `client.admin@site-${i}`])));
  expect(results.filter((r) => r.code === 0)).toHaveLength(1);
  for (const r of results.filter((x) => x.code !== 0)) {
    expect(r.code).toBe(22);
    expect(r.stderr).toBe('rbd: multiple RX peers are not currently supported\n');
  }
  expect((await okJson(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool'])).peers).toHaveLength(1);
}, scaled(120_000));

describe('bounded reads', () => {
  test('bootstrap import - reads a bounded prefix of an endless pipe', async () => {
    const home = tempHome();
    await mirroredPool(home);
    // `yes` never ends: reading all of stdin never returns (timeout → 124)
    const r = await sh(home, 'yes | timeout 60 $RBD --cluster site-a mirror pool peer bootstrap import image-pool -; echo "rc=$?" >&2');
    expect(r.stderr).toMatch(/^rbd: failed to import peer bootstrap token: [^\n]+\nrc=22\n$/);
  }, scaled(120_000));

  test('--remote-key-file /dev/zero returns at once with one line', async () => {
    const home = tempHome();
    await mirroredPool(home);
    const r = await sh(home, 'timeout 60 $RBD --cluster site-a mirror pool peer add --remote-key-file /dev/zero image-pool client.x@site-x; echo "rc=$?" >&2');
    expect(r.stderr).toBe('rbd: key file /dev/zero is too large to hold a key\nrc=22\n');
  }, scaled(120_000));

  test('a key file holding a key (first line) is stored trimmed; anything else is refused', async () => {
    const home = tempHome();
    await mirroredPool(home);
    const dir = mkdtempSync(join(tmpdir(), 'rbdm-keys-'));
    writeFileSync(join(dir, 'ok.key'), `${KEY}\r\nsecond line\n`);
    await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'add', '--remote-key-file', join(dir, 'ok.key'), 'image-pool', 'client.x@site-x']);
    const info = await okJson(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool', '--all']);
    expect(info.peers[0].key).toBe(KEY);
    rmSync(dir, { recursive: true });
  });
});

describe('export', () => {
  async function imageWith1M(home: string, size: string): Promise<void> {
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, ['--cluster', 'site-a', 'create', '--size', size, 'image-pool/img']);
    await ok(home, ['--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', '64K', '--io-total', '1M', 'image-pool/img']);
  }
  const allocated = (path: string) => statSync(path).blocks * 512;

  test('export - to a slow pipe prints no MaxListenersExceededWarning and the same bytes', async () => {
    const home = tempHome();
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, ['--cluster', 'site-a', 'create', '--size', '64M', 'image-pool/img']);
    await ok(home, ['--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', '1M', '--io-total', '64M', 'image-pool/img']);
    const r = await sh(home, `$RBD --cluster site-a export image-pool/img - | (sleep 1; sha256sum); $RBD --cluster site-a export image-pool/img "$RBDM_HOME/f.raw" 2>/dev/null; sha256sum < "$RBDM_HOME/f.raw"`);
    expect(r.stderr).not.toMatch(/MaxListenersExceededWarning/);
    expect(r.stderr).toBe('');
    const [piped, file] = r.stdout.trim().split('\n');
    expect(piped).toBe(file);
  }, scaled(120_000));

  test('a sparse image exports sparsely to a file and to stdout redirected to a file', async () => {
    const home = tempHome();
    await imageWith1M(home, '256M');
    await ok(home, ['--cluster', 'site-a', 'export', 'image-pool/img', join(home, 'a.raw')]);
    const r = await sh(home, `$RBD --cluster site-a export image-pool/img - > "$RBDM_HOME/b.raw"`);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['a.raw', 'b.raw']) {
      expect(statSync(join(home, f)).size).toBe(256 << 20);
      expect(allocated(join(home, f))).toBeLessThanOrEqual(2 << 20); // 1 MiB of data, not whole 4 MiB objects
    }
    expect((await sh(home, 'cmp "$RBDM_HOME/a.raw" "$RBDM_HOME/b.raw"')).code).toBe(0);
  }, scaled(120_000));
});

describe('friction', () => {
  const LAB_CONF = '/etc/ceph/site-a.conf';
  test.skipIf(!existsSync(LAB_CONF))(`a mutating command says it used the ceph backend over a local cluster of that name${existsSync(LAB_CONF) ? '' : ` (skipped: no ${LAB_CONF})`}`, async () => {
    const home = tempHome();
    await createPool(home, 'site-a', 'image-pool');
    const auto = { RBDM_BACKEND: '' };
    const pool = `rbdm-no-such-pool-${process.pid}`;
    // a local cluster with its own ceph.conf wins over /etc/ceph, and says so
    const l = await rbdIn(home, ['--cluster', 'site-a', 'snap', 'create', `${pool}/img@s1`], { env: auto });
    expect(l.stderr.trimEnd().split('\n')[0]).toMatch(/^rbd: note: using the local cluster 'site-a' in \S+, not the ceph cluster of \/etc\/ceph\/site-a\.conf; pass --backend ceph for that one$/);
    // a local cluster made before clusters had their own ceph.conf loses to /etc/ceph
    rmSync(join(home, 'site-a', 'ceph.conf'));
    const w = await rbdIn(home, ['--cluster', 'site-a', 'snap', 'create', `${pool}/img@s1`], { env: auto });
    const lines = w.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rbd: note: using the ceph backend for cluster 'site-a' \(\/etc\/ceph\/site-a\.conf exists\), not the local cluster of that name in \S+; pass --backend local for that one$/);
    // a read says nothing; --backend or RBDM_BACKEND chosen explicitly says nothing
    const r = await rbdIn(home, ['--cluster', 'site-a', 'ls', pool], { env: auto });
    expect(r.stderr).not.toMatch(/note:/);
    const explicit = await rbdIn(home, ['--cluster', 'site-a', '--backend', 'ceph', 'snap', 'create', `${pool}/img@s1`], { env: auto });
    expect(explicit.stderr).not.toMatch(/note:/);
  }, scaled(120_000));

  test('npm run demo removes its temporary RBDM_HOME and writes no ANSI codes when stderr is not a terminal', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rbdm-demo-tmp-'));
    const env: NodeJS.ProcessEnv = { ...childEnv(tmp), TMPDIR: tmp };
    delete env.RBDM_HOME;
    delete env.NO_COLOR;
    const r = await runProcess('bash', [join(ROOT, 'scripts', 'demo.sh')], { env, cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/RBDM_HOME=\S+/);
    expect(r.stderr + r.stdout).not.toMatch(/\x1b\[/);
    expect(readdirSync(tmp)).toEqual([]);
    rmSync(tmp, { recursive: true });
  }, scaled(300_000));

  test('the rule is in rbd help', async () => {
    const r = await rbdIn(tempHome(), ['help']);
    expect(r.stdout.replace(/\n/g, ' ')).toMatch(/Backend \(rbdm\): --backend or RBDM_BACKEND decides; otherwise the first Ceph config found/);
  });

  test('colour codes never span a line break', async () => {
    const paint = perLine((t) => `\x1b[33m${t}\x1b[39m`);
    expect(paint('UNKNOWN\nWARNING')).toBe('\x1b[33mUNKNOWN\x1b[39m\n\x1b[33mWARNING\x1b[39m');
    const home = tempHome();
    await mirroredPool(home);
    await ok(home, ['--cluster', 'site-a', 'create', '--size', '4M', 'image-pool/img']);
    await ok(home, ['--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/img', 'snapshot']);
    for (const args of [['mirror', 'pool', 'status', 'image-pool'], ['mirror', 'pool', 'status', '--verbose', 'image-pool'], ['mirror', 'image', 'status', 'image-pool/img']]) {
      let out = '';
      const io: Io = {
        stdout: (t) => { out += t; }, stderr: () => undefined, readStdin: async () => '',
        env: { RBDM_HOME: home, RBDM_BACKEND: 'local' }, stdoutIsTTY: true, stderrIsTTY: true,
      };
      expect(await main(['--cluster', 'site-a', ...args], io, COMMANDS)).toBe(0);
      expect(out).toMatch(/\x1b\[/);
      // every line closes what it opens
      for (const line of out.split('\n')) expect((line.match(/\x1b\[3[1-3]m/g) ?? []).length).toBe((line.match(/\x1b\[39m/g) ?? []).length);
    }
  });
});
