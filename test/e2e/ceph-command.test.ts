// rbdm's `ceph` command (auth, osd pool, config, fsid, status) on either backend: embedded
// clusters by default, the real lab's monitors with RBDM_TEST_BACKEND=ceph RBDM_CEPH_LAB=1
// (there every user, pool and option gets a unique name and is removed afterwards, and the
// output is compared with the real `ceph` CLI's).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cephIn } from '../helpers/rbd.js';
import { ON_CEPH, sites } from '../helpers/sites.js';

const s = sites('cephcmd');
const tag = s.pool('t');
const USER = `client.rbdm-${tag}`;
const POOL = s.pool('ceph-cmd-pool');
const WHO = `client.rbdm-cfg-${tag}`;
const ceph = (...args: string[]) => cephIn(s.home, [...(ON_CEPH ? ['--backend', 'ceph'] : []), '--cluster', 'site-a', ...args]);
const realCeph = async (...args: string[]) => (await promisify(execFile)('ceph', ['--cluster', 'site-a', ...args])).stdout;
const KEYRING = (key: string) => `[${USER}]\n\tkey = ${key}\n`;
const out = mkdtempSync(join(tmpdir(), 'rbdm-cephcmd-'));

describe.skipIf(s.skip)(s.title('ceph command'), () => {
  beforeAll(async () => {
    // local: the cluster exists once it has a pool (ceph osd pool create makes it)
    if (!ON_CEPH) expect((await ceph('osd', 'pool', 'create', 'base-pool')).code).toBe(0);
  });
  afterAll(async () => {
    await ceph('auth', 'del', USER);
    await ceph('config', 'rm', WHO, 'rbd_default_features');
    await ceph('osd', 'pool', 'delete', POOL, POOL, '--yes-i-really-really-mean-it');
    await s.cleanup();
  });

  test('osd pool create|ls|delete with the monitor\'s lines and its confirmation rule', async () => {
    expect(await ceph('osd', 'pool', 'create', POOL)).toEqual({ code: 0, stdout: '', stderr: `pool '${POOL}' created\n` });
    expect(await ceph('osd', 'pool', 'create', POOL)).toEqual({ code: 0, stdout: '', stderr: `pool '${POOL}' already exists\n` });
    expect((await ceph('osd', 'pool', 'ls')).stdout.split('\n')).toContain(POOL);
    expect(JSON.parse((await ceph('osd', 'pool', 'ls', '--format', 'json')).stdout)).toContain(POOL);
    const warning = `Error EPERM: WARNING: this will *PERMANENTLY DESTROY* all data stored in pool ${POOL}.  If you are ` +
      '*ABSOLUTELY CERTAIN* that is what you want, pass the pool name *twice*, followed by --yes-i-really-really-mean-it.\n';
    for (const args of [[POOL], [POOL, POOL], [POOL, 'other', '--yes-i-really-really-mean-it']]) {
      expect(await ceph('osd', 'pool', 'delete', ...args)).toEqual({ code: 1, stdout: '', stderr: warning });
    }
    expect((await ceph('osd', 'pool', 'ls')).stdout.split('\n')).toContain(POOL);
    expect(await ceph('osd', 'pool', 'delete', POOL, POOL, '--yes-i-really-really-mean-it'))
      .toEqual({ code: 0, stdout: '', stderr: `pool '${POOL}' removed\n` });
    expect((await ceph('osd', 'pool', 'ls')).stdout.split('\n')).not.toContain(POOL);
    expect(await ceph('osd', 'pool', 'delete', POOL)).toEqual({ code: 0, stdout: '', stderr: `pool '${POOL}' does not exist\n` });
  });

  test('auth get-or-create|get|get-key|caps|ls|del print keyrings as Ceph does', async () => {
    const created = await ceph('auth', 'get-or-create', USER, 'mon', 'profile rbd-mirror-peer', 'osd', 'profile rbd');
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const key = /key = (\S+)/.exec(created.stdout)![1]!;
    expect(created.stdout).toBe(KEYRING(key));
    // the same caps again: the same user; other caps: the monitor's EINVAL
    expect((await ceph('auth', 'get-or-create', USER, 'mon', 'profile rbd-mirror-peer')).stdout).toBe(KEYRING(key));
    expect(await ceph('auth', 'get-or-create', USER, 'mon', 'profile rbd')).toEqual({
      code: 22, stdout: '', stderr: `Error EINVAL: key for ${USER} exists but cap mon does not match\n` });
    const full = `${KEYRING(key)}\tcaps mon = "profile rbd-mirror-peer"\n\tcaps osd = "profile rbd"\n`;
    expect(await ceph('auth', 'get', USER)).toEqual({ code: 0, stdout: full, stderr: `exported keyring for ${USER}\n` });
    expect(await ceph('auth', 'get-key', USER)).toEqual({ code: 0, stdout: key, stderr: '' });
    expect(JSON.parse((await ceph('auth', 'get', USER, '--format', 'json')).stdout))
      .toEqual([{ entity: USER, key, caps: { mon: 'profile rbd-mirror-peer', osd: 'profile rbd' } }]);
    if (ON_CEPH) expect((await ceph('auth', 'get', USER)).stdout).toBe(await realCeph('auth', 'get', USER));

    // -o: nothing on stdout, the file private
    for (const [args, text] of [[['auth', 'get', USER], full], [['auth', 'get-key', USER], key], [['auth', 'get-or-create', USER], KEYRING(key)]] as const) {
      const file = join(out, `${args[1]}.keyring`);
      expect(await ceph(...args, '-o', file)).toMatchObject({ code: 0, stdout: '' });
      expect(readFileSync(file, 'utf8')).toBe(text);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }

    expect(await ceph('auth', 'caps', USER, 'mon', 'profile rbd-mirror', 'osd', 'profile rbd'))
      .toEqual({ code: 0, stdout: '', stderr: `updated caps for ${USER}\n` });
    expect((await ceph('auth', 'ls')).stdout).toContain(`${USER}\n\tkey: ${key}\n\tcaps: [mon] profile rbd-mirror\n\tcaps: [osd] profile rbd\n`);
    expect(JSON.parse((await ceph('auth', 'ls', '--format', 'json')).stdout).auth_dump)
      .toContainEqual({ entity: USER, key, caps: { mon: 'profile rbd-mirror', osd: 'profile rbd' } });
    expect(await ceph('auth', 'del', USER)).toEqual({ code: 0, stdout: '', stderr: 'updated\n' });
    expect(await ceph('auth', 'del', USER)).toEqual({ code: 0, stdout: '', stderr: `entity ${USER} does not exist\n` });
    expect(await ceph('auth', 'get', USER)).toEqual({ code: 2, stdout: '', stderr: `Error ENOENT: failed to find ${USER} in keyring\n` });
    expect(await ceph('auth', 'get-key', USER)).toEqual({ code: 2, stdout: '', stderr: `Error ENOENT: don't have ${USER}\n` });
    expect(await ceph('auth', 'caps', USER, 'mon', 'allow r')).toEqual({ code: 2, stdout: '', stderr: `Error ENOENT: couldn't find entry ${USER}\n` });
  });

  const BAD: [string[], number, string][] = [
    [['auth', 'get'], 22, 'Invalid command: missing required parameter entity(<string>)\nauth get <entity> :  write keyring file with requested key\nError EINVAL: invalid command\n'],
    [['auth', 'get-or-create', 'badname', 'mon', 'allow r'], 22, 'Error EINVAL: bad entity name\n'],
    [['auth', 'get-or-create', `${USER}-x`, 'mon'], 22, 'Error EINVAL: bad capabilities request; odd number of arguments\n'],
    [['auth', 'get-or-create', `${USER}-x`, 'bogus', 'allow r'], 22, "Error EINVAL: unknown cap type 'bogus'\n"],
    [['config', 'set', 'bogus', 'rbd_default_features', '1'], 22, "Error EINVAL: unrecognized config target 'bogus'\n"],
    [['config', 'set', WHO, 'rbd_bogus_option', '1'], 22, "Error EINVAL: unrecognized config option 'rbd_bogus_option'\n"],
    [['config', 'get', 'global', 'rbd_default_features'], 22, "Error EINVAL: unrecognized entity 'global'\n"],
  ];
  test.each(BAD)('ceph %j exits %i with the monitor\'s message and changes nothing', async (args, code, stderr) => {
    const before = await s.state();
    expect(await ceph(...args)).toEqual({ code, stdout: '', stderr });
    expect(await s.state()).toBe(before);
  });

  test('config set|get|rm|dump in client sections', async () => {
    expect(await ceph('config', 'set', WHO, 'rbd_default_features', '125')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await ceph('config', 'get', WHO, 'rbd_default_features')).stdout).toBe('125\n');
    const dump = JSON.parse((await ceph('config', 'dump', '--format', 'json')).stdout) as { section: string; name: string; value: string }[];
    expect(dump).toContainEqual(expect.objectContaining({ section: WHO, name: 'rbd_default_features', value: '125' }));
    expect((await ceph('config', 'dump')).stdout).toMatch(new RegExp(`\\n    ${WHO} +advanced  rbd_default_features +125 `));
    if (ON_CEPH) expect((await ceph('config', 'get', WHO)).stdout).toBe(await realCeph('config', 'get', WHO));
    expect((await ceph('config', 'rm', WHO, 'rbd_default_features')).code).toBe(0);
    expect((await ceph('config', 'get', WHO, 'rbd_default_features')).stdout).toBe('layering,exclusive-lock,object-map,fast-diff,deep-flatten\n');
  });

  test('fsid and status', async () => {
    const fsid = (await ceph('fsid')).stdout;
    expect(fsid).toMatch(/^[0-9a-f-]{36}\n$/);
    expect((await ceph('fsid', '--format', 'json')).stdout).toBe(JSON.stringify({ fsid: fsid.trim() }));
    if (ON_CEPH) expect(fsid).toBe(await realCeph('fsid'));
    const status = await ceph('-s');
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`  cluster:\n    id:     ${fsid.trim()}\n    health: HEALTH_`);
    expect(JSON.parse((await ceph('status', '--format', 'json')).stdout).fsid).toBe(fsid.trim());
  });
});
