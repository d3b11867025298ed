// Peer bootstrap between two local clusters in one RBDM_HOME (lab transcript section 2).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ok, okJson, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome();
const A = (...args: string[]) => ['--cluster', 'site-a', ...args];
const B = (...args: string[]) => ['--cluster', 'site-b', ...args];
const run = (args: string[], stdin?: string) => rbdIn(home, args, stdin === undefined ? {} : { stdin });
const decode = (token: string) => JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, string>;
const peers = async (args: string[]) => (await okJson(home, [...args, '--all'])).peers as Record<string, string>[];

describe('bootstrap create on site-a, import on site-b', () => {
  let token = '';
  let siteBKey = '';
  let uuidOnA = '';
  let uuidOnB = '';

  test('set-up: both clusters enabled in image mode with site names', async () => {
    for (const S of [A, B]) await ok(home, S('pool', 'init', 'image-pool'));
    await ok(home, A('mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image'));
    await ok(home, B('mirror', 'pool', 'enable', '--site-name', 'site-b', 'image-pool', 'image'));
  });

  test('the token is padded base64 of {fsid, client_id, key, mon_host}, one line', async () => {
    const r = await run(A('mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', 'image-pool'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
    token = r.stdout.trim();
    const json = Buffer.from(token, 'base64').toString('utf8');
    expect(Object.keys(JSON.parse(json))).toEqual(['fsid', 'client_id', 'key', 'mon_host']);
    expect(json).not.toContain(' ');
    expect(decode(token)).toMatchObject({ client_id: 'rbd-mirror-peer', mon_host: `local:${join(home, 'site-a')}` });
    expect(decode(token).fsid).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the token is identical on every call and for every pool', async () => {
    expect((await ok(home, A('mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool'))).trim()).toBe(token);
    await ok(home, A('pool', 'init', 'other-pool'));
    await ok(home, A('mirror', 'pool', 'enable', 'other-pool', 'pool'));
    expect((await ok(home, A('mirror', 'pool', 'peer', 'bootstrap', 'create', 'other-pool'))).trim()).toBe(token);
  });

  test('import over stdin (rx-tx) registers the peer on both sides', async () => {
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', '--direction', 'rx-tx', 'image-pool', '-'), token + '\n'))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    const onB = await okJson(home, B('mirror', 'pool', 'info', 'image-pool'));
    uuidOnB = onB.peers[0].uuid;
    expect(onB).toEqual({ mode: 'image', site_name: 'site-b', peers: [
      { uuid: uuidOnB, direction: 'rx-tx', site_name: 'site-a', mirror_uuid: '', client_name: 'client.rbd-mirror-peer' }] });
    expect(await ok(home, B('mirror', 'pool', 'info', 'image-pool'))).toBe(
      `Mode: image\nSite Name: site-b\n\nPeer Sites: \n\nUUID: ${uuidOnB}\nName: site-a\nMirror UUID: \nDirection: rx-tx\nClient: client.rbd-mirror-peer\n`);
    const t = decode(token);
    expect(await ok(home, B('mirror', 'pool', 'info', '--all', 'image-pool'))).toBe(
      `Mode: image\nSite Name: site-b\n\nPeer Sites: \n\nUUID: ${uuidOnB}\nName: site-a\nMirror UUID: \nDirection: rx-tx\nClient: client.rbd-mirror-peer\nMon Host: ${t.mon_host}\nKey: ${t.key}\n`);
    expect(await ok(home, B('mirror', 'pool', 'info', '--all', 'image-pool', '--format', 'json', '--pretty-format'))).toBe(JSON.stringify({
      mode: 'image', site_name: 'site-b', peers: [{ uuid: uuidOnB, direction: 'rx-tx', site_name: 'site-a', mirror_uuid: '',
        client_name: 'client.rbd-mirror-peer', key: t.key, mon_host: t.mon_host }] }, null, 4) + '\n');
  });

  test("site-a sees site-b as an rx-tx peer with site-b's own bootstrap user", async () => {
    siteBKey = decode(await ok(home, B('mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool'))).key!;
    const onA = await peers(A('mirror', 'pool', 'info', 'image-pool'));
    uuidOnA = onA[0]!.uuid!;
    expect(onA).toEqual([{ uuid: uuidOnA, direction: 'rx-tx', site_name: 'site-b', mirror_uuid: '', client_name: 'client.rbd-mirror-peer',
      key: siteBKey, mon_host: `local:${join(home, 'site-b')}` }]);
    expect(await ok(home, A('mirror', 'pool', 'info', 'image-pool'))).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuidOnA}\nName: site-b\nMirror UUID: \nDirection: rx-tx\nClient: client.rbd-mirror-peer\n`);
  });

  test('re-import (from a file, and unpadded / url-safe) is idempotent on both sides', async () => {
    const file = join(home, 'site-a.token');
    writeFileSync(file, token + '\n');
    const before = storeDigest(home);
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', 'image-pool', file)))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    const urlSafe = token.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'), urlSafe)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(storeDigest(home)).toBe(before);
    expect((await peers(B('mirror', 'pool', 'info', 'image-pool'))).map((p) => p.uuid)).toEqual([uuidOnB]);
    expect((await peers(A('mirror', 'pool', 'info', 'image-pool'))).map((p) => p.uuid)).toEqual([uuidOnA]);
  });

  test('a half-done import (remote side only) is repaired by importing again', async () => {
    await ok(home, B('mirror', 'pool', 'peer', 'remove', 'image-pool', uuidOnB));
    expect(await peers(B('mirror', 'pool', 'info', 'image-pool'))).toEqual([]);
    await ok(home, B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'), { stdin: token });
    uuidOnB = (await peers(B('mirror', 'pool', 'info', 'image-pool')))[0]!.uuid!;
    expect((await peers(A('mirror', 'pool', 'info', 'image-pool'))).map((p) => p.uuid)).toEqual([uuidOnA]);
  });

  test('a peer registered under the remote fsid is reused and renamed to the site name', async () => {
    await ok(home, B('mirror', 'pool', 'peer', 'remove', 'image-pool', uuidOnB));
    const fsid = decode(token).fsid!;
    const id = (await ok(home, B('mirror', 'pool', 'peer', 'add', 'image-pool', `client.rbd-mirror-peer@${fsid}`))).trim();
    await ok(home, B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'), { stdin: token });
    expect(await peers(B('mirror', 'pool', 'info', 'image-pool'))).toEqual([{ uuid: id, direction: 'rx-tx', site_name: 'site-a',
      mirror_uuid: '', client_name: 'client.rbd-mirror-peer', key: decode(token).key, mon_host: decode(token).mon_host }]);
    uuidOnB = id;
  });

  test('pool disable with the bootstrap peer registered is EBUSY on both sides', async () => {
    const before = storeDigest(home);
    for (const S of [A, B]) {
      expect(await run(S('mirror', 'pool', 'disable', 'image-pool'))).toEqual({ code: 16, stdout: '', stderr: 'rbd: mirror peers still registered\n' });
    }
    expect(storeDigest(home)).toBe(before);
  });

  test('a pool missing on the remote: ENOENT, nothing written', async () => {
    await ok(home, B('pool', 'init', 'pool-2'));
    const before = storeDigest(home);
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'pool-2', '-'), token))
      .toEqual({ code: 2, stdout: '', stderr: 'rbd: failed to import peer bootstrap token\n' });
    expect(storeDigest(home)).toBe(before);
    expect(await okJson(home, B('mirror', 'pool', 'info', 'pool-2'))).toEqual({ mode: 'disabled' });
  });

  test('remote pool with mirroring disabled: ENOSYS (38)', async () => {
    await ok(home, A('pool', 'init', 'pool-2'));
    const before = storeDigest(home);
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'pool-2', '-'), token))
      .toEqual({ code: 38, stdout: '', stderr: 'rbd: mirroring is not enabled on remote peer\n' });
    expect(storeDigest(home)).toBe(before);
  });

  test('rx-only import auto-enables the local pool and registers nothing remotely', async () => {
    await ok(home, A('mirror', 'pool', 'enable', 'pool-2', 'image'));
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', '--direction', 'rx-only', 'pool-2', '-'), token))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    const onB = await okJson(home, B('mirror', 'pool', 'info', 'pool-2'));
    expect(onB).toEqual({ mode: 'image', site_name: 'site-b', peers: [
      { uuid: onB.peers[0].uuid, direction: 'rx-only', site_name: 'site-a', mirror_uuid: '', client_name: 'client.rbd-mirror-peer' }] });
    expect(await ok(home, B('mirror', 'pool', 'info', 'pool-2'))).toBe(
      `Mode: image\nSite Name: site-b\n\nPeer Sites: \n\nUUID: ${onB.peers[0].uuid}\nName: site-a\nDirection: rx-only\nClient: client.rbd-mirror-peer\n`);
    expect(await ok(home, A('mirror', 'pool', 'info', 'pool-2'))).toBe('Mode: image\nSite Name: site-a\n\nPeer Sites: none\n');
  });

  test('auto-enable copies the remote mode (pool)', async () => {
    await ok(home, B('pool', 'init', 'other-pool'));
    await ok(home, B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'other-pool', '-'), { stdin: token });
    expect(await okJson(home, B('mirror', 'pool', 'info', 'other-pool'))).toMatchObject({ mode: 'pool' });
    expect((await peers(A('mirror', 'pool', 'info', 'other-pool')))[0]).toMatchObject({ site_name: 'site-b', direction: 'rx-tx' });
  });

  test('a site whose name equals the remote site name is refused (duplicate site name)', async () => {
    await ok(home, ['--cluster', 'site-c', 'pool', 'init', 'image-pool']);
    await ok(home, ['--cluster', 'site-c', 'mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image']);
    const before = storeDigest(home);
    expect(await run(['--cluster', 'site-c', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], token))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: failed to import peer bootstrap token: cannot import token for duplicate site name\n' });
    expect(storeDigest(home)).toBe(before);
  });

  test('a second, different remote is refused (multiple peers), nothing written anywhere', async () => {
    await ok(home, ['--cluster', 'site-c', 'mirror', 'pool', 'enable', '--site-name', 'site-c', 'image-pool', 'image']);
    const tokenC = (await ok(home, ['--cluster', 'site-c', 'mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool'])).trim();
    const before = storeDigest(home);
    expect(await run(B('mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'), tokenC))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: failed to import peer bootstrap token: multiple peers are not currently supported\n' });
    expect(storeDigest(home)).toBe(before);
  });

  test('bootstrap create: disabled pool EINVAL, missing pool ENOENT, no pool = default pool', async () => {
    await ok(home, A('pool', 'init', 'peer-lab'));
    const before = storeDigest(home);
    expect(await run(A('mirror', 'pool', 'peer', 'bootstrap', 'create', 'peer-lab')))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: mirroring not enabled on the pool\n' });
    expect(await run(A('mirror', 'pool', 'peer', 'bootstrap', 'create', 'no-such-pool')))
      .toEqual({ code: 2, stdout: '', stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" });
    expect(await run(A('mirror', 'pool', 'peer', 'bootstrap', 'create')))
      .toEqual({ code: 2, stdout: '', stderr: "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n" });
    expect(storeDigest(home)).toBe(before);
  });
});
