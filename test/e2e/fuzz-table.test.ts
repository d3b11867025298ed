// The fuzz corpus of issue 8 as one table: hostile argv, tokens, key files, broken stores, a
// cluster path that is a file, a read-only RBDM_HOME, a full disk. Every case: exactly one
// `rbd: ...` line on stderr, the right exit status, and every byte under RBDM_HOME unchanged.
// The read-only and full-disk cases mount a small tmpfs (root only) and are skipped with the
// reason otherwise.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cephIn, createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';
import { scaled } from '../helpers/slow.js';

interface Case {
  name: string;
  args: string[];
  code: number;
  /** The whole stderr line, or a pattern for it (it must still be one line). */
  stderr: string | RegExp;
  stdin?: string;
}

const keys = mkdtempSync(join(tmpdir(), 'rbdm-fuzz-keys-'));
const keyFile = (name: string, content: Buffer | string): string => { const p = join(keys, name); writeFileSync(p, content); return p; };
const b64 = (text: string) => Buffer.from(text).toString('base64');
const token = (fields: Record<string, string>) => b64(JSON.stringify(fields));

const home = tempHome('rbdm-fuzz-');
const FOREIGN = () => join(home, 'foreign');

const peerAdd = (keyPath: string) => ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'add', '--remote-key-file', keyPath, 'image-pool', 'client.x@site-x'];
const importToken = (path: string) => ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', path];

const CASES: () => Case[] = () => [
  // argv: names never become paths; parser errors are one `rbd:` line, exit 1
  { name: 'cluster name climbing out of RBDM_HOME', args: ['--cluster', '../../../victim', 'pool', 'init', 'px'], code: 22, stderr: "rbd: invalid cluster name '../../../victim'" },
  { name: 'cluster name with a slash', args: ['--cluster', 'a/b', 'pool', 'init', 'px'], code: 22, stderr: "rbd: invalid cluster name 'a/b'" },
  { name: 'cluster name ..', args: ['--cluster', '..', 'ls', 'image-pool'], code: 22, stderr: "rbd: invalid cluster name '..'" },
  { name: 'cluster name with a newline', args: ['--cluster', 'new\nline', 'pool', 'init', 'px'], code: 22, stderr: "rbd: invalid cluster name 'new\\nline'" },
  { name: 'cluster name with a control character', args: ['--cluster', 'bell\x07', 'pool', 'init', 'px'], code: 22, stderr: "rbd: invalid cluster name 'bell\\x07'" },
  { name: 'image name with a newline', args: ['--cluster', 'site-a', 'info', 'image-pool/new\nline'], code: 2, stderr: /^rbd: error opening image new\\nline: \(2\) No such file or directory$/ },
  { name: 'pool name with a newline', args: ['--cluster', 'site-a', 'ls', 'po\nol'], code: 2, stderr: /^rbd: .*po\\nol.*$/ },
  { name: 'unknown command', args: ['--cluster', 'site-a', 'mirror', 'frobnicate'], code: 1, stderr: "rbd: unknown option 'mirror frobnicate'" },
  { name: 'unknown command word with a newline', args: ['--cluster', 'site-a', 'mirror', 'frob\nnicate'], code: 1, stderr: "rbd: unknown option 'mirror frob\\nnicate'" },
  { name: 'unknown long option', args: ['--cluster', 'site-a', 'ls', 'image-pool', '--bogus'], code: 1, stderr: "rbd: unrecognised option '--bogus'" },
  { name: 'short option group that is not -h (-1h)', args: ['--cluster', 'site-a', 'mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '-1h'], code: 1, stderr: "rbd: unrecognised option '-1h'" },
  { name: 'unknown short option', args: ['--cluster', 'site-a', 'ls', '-Z'], code: 1, stderr: "rbd: unrecognised option '-Z'" },
  // key files: bounded reads, keys only
  { name: 'key file /dev/zero', args: peerAdd('/dev/zero'), code: 22, stderr: 'rbd: key file /dev/zero is too large to hold a key' },
  { name: 'empty key file', args: peerAdd(keyFile('empty.key', '')), code: 22, stderr: /^rbd: key file \S+empty\.key does not hold a cephx key$/ },
  { name: 'binary key file', args: peerAdd(keyFile('binary.key', Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 65]))), code: 22, stderr: /^rbd: key file \S+binary\.key does not hold a cephx key$/ },
  { name: '50 MB key file', args: peerAdd(bigFile('big.key', 50 << 20)), code: 22, stderr: /^rbd: key file \S+big\.key is too large to hold a key$/ },
  { name: 'key file that is a directory', args: peerAdd(keys), code: 22, stderr: `rbd: failed to open ${keys}` },
  // tokens
  { name: 'token of random bytes', args: importToken(keyFile('random.token', Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)))), code: 22, stderr: /^rbd: failed to import peer bootstrap token: (failed to decode base64|invalid bootstrap token JSON received)$/ },
  { name: 'token over stdin, 2 MB of base64', args: importToken('-'), stdin: 'QUFB'.repeat(1 << 19), code: 22, stderr: /^rbd: failed to import peer bootstrap token: invalid bootstrap token JSON received$/ },
  { name: 'token whose mon_host is another program\'s SQLite file', args: importToken(keyFile('foreign.token', token({ fsid: '00000000-1111-2222-3333-444444444444', client_id: 'x', key: 'AQBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==', mon_host: `local:${FOREIGN()}` }))), code: 110, stderr: /^rbd: failed to import peer bootstrap token: .*\(110\) Connection timed out$/ },
  // broken stores, and paths that are not what they should be
  { name: 'zero-length store (rbd ls)', args: ['--cluster', 'empty', 'ls', 'image-pool'], code: 2, stderr: /^rbd: listing images failed: couldn't connect to the cluster 'empty': no local cluster at \S+ \(create one with 'ceph --cluster empty osd pool create <pool>'\)$/ },
  { name: 'garbage store', args: ['--cluster', 'garbage', 'ls', 'image-pool'], code: 5, stderr: /^rbd: listing images failed: cluster store \S+garbage\/cluster\.db is corrupt or truncated$/ },
  { name: 'truncated store', args: ['--cluster', 'truncated', 'ls', 'image-pool'], code: 5, stderr: /^rbd: listing images failed: cluster store \S+truncated\/cluster\.db is corrupt or truncated$/ },
  { name: 'another program\'s SQLite file (rbd ls)', args: ['--cluster', 'foreign', 'ls', 'image-pool'], code: 5, stderr: /^rbd: listing images failed: \S+foreign\/cluster\.db is not an rbdm cluster store: refusing to use it$/ },
  { name: 'another program\'s SQLite file (pool init)', args: ['--cluster', 'foreign', 'pool', 'init', 'image-pool'], code: 5, stderr: /^rbd: \S+foreign\/cluster\.db is not an rbdm cluster store: refusing to use it$/ },
  { name: 'cluster path that is a file (ls)', args: ['--cluster', 'a-file', 'ls', 'image-pool'], code: 20, stderr: /^rbd: listing images failed: .*a-file\/cluster\.db: \(20\) Not a directory$/ },
  // (pool init no longer creates a cluster: it opens it, as every command but `ceph osd pool create`)
  { name: 'cluster path that is a file (pool init)', args: ['--cluster', 'a-file', 'pool', 'init', 'image-pool'], code: 20, stderr: /^rbd: lstat \S+a-file\/cluster\.db: \(20\) Not a directory$/ },
  { name: 'cluster directory that is a symlink', args: ['--cluster', 'linked', 'pool', 'init', 'image-pool'], code: 40, stderr: /^rbd: cluster directory \S+linked is a symbolic link: \(40\) Too many levels of symbolic links$/ },
  { name: 'store file that is a symlink', args: ['--cluster', 'linked-db', 'ls', 'image-pool'], code: 40, stderr: /^rbd: listing images failed: cluster store \S+linked-db\/cluster\.db is a symbolic link: \(40\) Too many levels of symbolic links$/ },
];

function bigFile(name: string, size: number): string {
  const p = join(keys, name);
  writeFileSync(p, '');
  truncateSync(p, size); // sparse: 50 MB of zeros without writing them
  return p;
}

function expectOneLine(stderr: string, expected: string | RegExp): void {
  expect(stderr.endsWith('\n') && stderr.indexOf('\n') === stderr.length - 1, JSON.stringify(stderr)).toBe(true);
  const line = stderr.slice(0, -1);
  expect(line.startsWith('rbd: ')).toBe(true);
  expect(line).not.toMatch(/[\u0000-\u001f]/);
  if (typeof expected === 'string') expect(line).toBe(expected);
  else expect(line).toMatch(expected);
}

describe('fuzz corpus: one line, the right exit status, nothing changed', () => {
  beforeAll(async () => {
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'enable', 'image-pool', 'image']);
    await ok(home, ['--cluster', 'site-a', 'create', '--size', '4M', 'image-pool/image-1']);
    mkdirSync(join(home, 'empty'));
    writeFileSync(join(home, 'empty', 'cluster.db'), '');
    mkdirSync(join(home, 'garbage'));
    writeFileSync(join(home, 'garbage', 'cluster.db'), Buffer.alloc(8192, 0x5a));
    mkdirSync(join(home, 'truncated'));
    copyFileSync(join(home, 'site-a', 'cluster.db'), join(home, 'truncated', 'cluster.db'));
    truncateSync(join(home, 'truncated', 'cluster.db'), 4096 * 3);
    mkdirSync(FOREIGN());
    const other = new Database(join(FOREIGN(), 'cluster.db'));
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('not rbdm')");
    other.close();
    writeFileSync(join(home, 'a-file'), 'just a file\n');
    const elsewhere = mkdtempSync(join(tmpdir(), 'rbdm-fuzz-elsewhere-'));
    symlinkSync(elsewhere, join(home, 'linked'));
    mkdirSync(join(home, 'linked-db'));
    symlinkSync(join(home, 'site-a', 'cluster.db'), join(home, 'linked-db', 'cluster.db'));
  }, scaled(120_000));
  afterAll(() => rmSync(keys, { recursive: true, force: true }));

  test.each(CASES())('$name', async (c) => {
    const before = storeDigest(home);
    const r = await rbdIn(home, c.args, { stdin: c.stdin });
    expect(r.code, r.stderr).toBe(c.code);
    expectOneLine(r.stderr, c.stderr);
    if (!/unknown option '/.test(r.stderr)) expect(r.stdout).toBe('');
    expect(storeDigest(home)).toBe(before);
  });

  test('nothing was created outside RBDM_HOME', () => {
    expect(() => statSync(join(home, '..', '..', '..', 'victim'))).toThrow();
    expect(() => statSync(join(home, 'victim'))).toThrow();
  });
});

// --- a read-only RBDM_HOME and a full disk: a small tmpfs, root only -----------------------------

function tryMount(dir: string, size: string): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (e) {
    return `cannot mount a tmpfs here (${(e as Error).message.split('\n')[0]}): needs root`;
  }
}

const mountPoint = mkdtempSync(join(tmpdir(), 'rbdm-fuzz-mnt-'));
// (room for an empty store, 1.5 MiB in 32 KiB pages, and its WAL; not for the 8M bench below)
const MOUNT_SKIP = tryMount(mountPoint, '6m');

describe.skipIf(MOUNT_SKIP)(`a read-only RBDM_HOME and a full disk${MOUNT_SKIP ? ` (skipped: ${MOUNT_SKIP})` : ''}`, () => {
  const remount = (how: 'ro' | 'rw') => execFileSync('mount', ['-o', `remount,${how}`, mountPoint]);
  beforeAll(async () => {
    await createPool(mountPoint, 'site-a', 'image-pool');
    await ok(mountPoint, ['--cluster', 'site-a', 'create', '--size', '64M', 'image-pool/image-1']);
  }, scaled(60_000));
  afterAll(() => {
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  test('read-only: reads answer, writes fail with EROFS (30) naming the store, nothing changes', async () => {
    remount('ro');
    try {
      const before = storeDigest(mountPoint);
      expect(await ok(mountPoint, ['--cluster', 'site-a', 'ls', 'image-pool'])).toBe('image-1\n');
      const w = await rbdIn(mountPoint, ['--cluster', 'site-a', 'create', '--size', '4M', 'image-pool/image-2']);
      expect(w.code).toBe(30);
      expectOneLine(w.stderr, /^rbd: create error: \(30\) Read-only file system: cluster store \S+site-a\/cluster\.db is read-only$/);
      // creating a cluster (only `ceph osd pool create` does) fails with EROFS
      const init = await cephIn(mountPoint, ['--cluster', 'site-b', 'osd', 'pool', 'create', 'image-pool']);
      expect(init.code).toBe(30);
      expect(init.stderr).toMatch(/^Error EROFS: mkdir \S+site-b: \(30\) Read-only file system\n$/);
      expect(storeDigest(mountPoint)).toBe(before);
    } finally {
      remount('rw');
    }
  });

  test('full disk: ENOSPC (28) naming the store, the store unchanged', async () => {
    const before = storeDigest(mountPoint);
    const r = await rbdIn(mountPoint, ['--cluster', 'site-a', 'bench', '--io-type', 'write', '--io-size', '1M', '--io-total', '8M', 'image-pool/image-1']);
    expect(r.code, r.stderr).toBe(28);
    expectOneLine(r.stderr, /^rbd: bench failed: write error: \(28\) No space left on device(: no space left to write cluster store \S+)?$/);
    expect(storeDigest(mountPoint)).toBe(before);
  });
});
