// Peer bootstrap between site-a and site-b (lab transcript section 2), on either backend
// (test/helpers/sites.ts): two embedded clusters in one RBDM_HOME by default, the real two-site Ceph
// lab with RBDM_TEST_BACKEND=ceph RBDM_CEPH_LAB=1.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cephIn } from '../helpers/rbd.js';
import { waitFor } from '../helpers/daemon.js';
import { ON_CEPH, ON_LOCAL, sites, type SiteRunner } from '../helpers/sites.js';

const s = sites('boot');
const { a, b } = s;
const IP = s.pool('image-pool');
const OTHER = s.pool('other-pool');
const POOL2 = s.pool('pool-2');
const PL = s.pool('peer-lab');
const decode = (token: string) => JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Record<string, string>;

// ceph: the lab's rbd-mirror daemons fill in a bootstrap peer's mirror uuid once they have connected
// to the other site (local has no daemon: always empty); blank it so both backends compare the same
const settle = (text: string) => (ON_CEPH
  ? text.replace(/^Mirror UUID: \S*$/mg, 'Mirror UUID: ').replace(/"mirror_uuid": "[^"]*"/g, '"mirror_uuid": ""')
  : text);
const peers = async (site: SiteRunner, args: string[]) => ((await site.json(...args, '--all')).peers as Record<string, string>[])
  .map((p) => (ON_CEPH && 'mirror_uuid' in p ? { ...p, mirror_uuid: '' } : p));
const infoJson = async (site: SiteRunner, ...args: string[]) => JSON.parse(settle(await site('mirror', 'pool', 'info', ...args, '--format', 'json')));
const info = async (site: SiteRunner, ...args: string[]) => settle(await site('mirror', 'pool', 'info', ...args));

describe.skipIf(s.skip)(s.title('bootstrap create on site-a, import on site-b'), () => {
  // pool-2 on site-a is created by its own test: until then it is missing there
  beforeAll(() => Promise.all([
    s.createPool('site-a', 'image-pool'), s.createPool('site-b', 'image-pool'), s.createPool('site-a', 'other-pool'),
    s.createPool('site-b', 'other-pool'), s.createPool('site-b', 'pool-2'), s.createPool('site-a', 'peer-lab'),
  ]), 120_000);
  afterAll(() => s.cleanup(), 120_000);
  let token = '';
  let siteBKey = '';
  let uuidOnA = '';
  let uuidOnB = '';

  test('set-up: both clusters enabled in image mode with site names', async () => {
    await a('mirror', 'pool', 'enable', '--site-name', 'site-a', IP, 'image');
    await b('mirror', 'pool', 'enable', '--site-name', 'site-b', IP, 'image');
  });

  test('the token is padded base64 of {fsid, client_id, key, mon_host}, one line', async () => {
    const r = await a.run(['mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', IP]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[A-Za-z0-9+/]+={0,2}\n$/);
    token = r.stdout.trim();
    const json = Buffer.from(token, 'base64').toString('utf8');
    expect(Object.keys(JSON.parse(json))).toEqual(['fsid', 'client_id', 'key', 'mon_host']);
    expect(json).not.toContain(' ');
    expect(decode(token).client_id).toBe('rbd-mirror-peer');
    // local: the embedded cluster's directory; ceph: the lab mon's v2 and v1 addresses
    expect(decode(token).mon_host).toMatch(ON_LOCAL ? /^local:\/.*\/site-a$/ : /127\.0\.0\.1:13300/);
    expect(decode(token).fsid).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('the token is identical on every call and for every pool', async () => {
    expect((await a('mirror', 'pool', 'peer', 'bootstrap', 'create', IP)).trim()).toBe(token);
    await a('mirror', 'pool', 'enable', OTHER, 'pool');
    expect((await a('mirror', 'pool', 'peer', 'bootstrap', 'create', OTHER)).trim()).toBe(token);
  });

  test('import over stdin (rx-tx) registers the peer on both sides', async () => {
    expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', '--direction', 'rx-tx', IP, '-'], { stdin: token + '\n' }))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    const onB = await infoJson(b, IP);
    uuidOnB = onB.peers[0].uuid;
    expect(onB).toEqual({ mode: 'image', site_name: 'site-b', peers: [
      { uuid: uuidOnB, direction: 'rx-tx', site_name: 'site-a', mirror_uuid: '', client_name: 'client.rbd-mirror-peer' }] });
    expect(await info(b, IP)).toBe(
      `Mode: image\nSite Name: site-b\n\nPeer Sites: \n\nUUID: ${uuidOnB}\nName: site-a\nMirror UUID: \nDirection: rx-tx\nClient: client.rbd-mirror-peer\n`);
    const t = decode(token);
    expect(await info(b, '--all', IP)).toBe(
      `Mode: image\nSite Name: site-b\n\nPeer Sites: \n\nUUID: ${uuidOnB}\nName: site-a\nMirror UUID: \nDirection: rx-tx\nClient: client.rbd-mirror-peer\nMon Host: ${t.mon_host}\nKey: ${t.key}\n`);
    expect(await info(b, '--all', IP, '--format', 'json', '--pretty-format')).toBe(JSON.stringify({
      mode: 'image', site_name: 'site-b', peers: [{ uuid: uuidOnB, direction: 'rx-tx', site_name: 'site-a', mirror_uuid: '',
        client_name: 'client.rbd-mirror-peer', key: t.key, mon_host: t.mon_host }] }, null, 4) + '\n');
  });

  test("site-a sees site-b as an rx-tx peer with site-b's own bootstrap user", async () => {
    const siteB = decode(await b('mirror', 'pool', 'peer', 'bootstrap', 'create', IP));
    siteBKey = siteB.key!;
    const onA = await peers(a, ['mirror', 'pool', 'info', IP]);
    uuidOnA = onA[0]!.uuid!;
    expect(onA).toEqual([{ uuid: uuidOnA, direction: 'rx-tx', site_name: 'site-b', mirror_uuid: '', client_name: 'client.rbd-mirror-peer',
      key: siteBKey, mon_host: siteB.mon_host }]);
    expect(await info(a, IP)).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuidOnA}\nName: site-b\nMirror UUID: \nDirection: rx-tx\nClient: client.rbd-mirror-peer\n`);
  });

  test('re-import (from a file, and unpadded / url-safe) is idempotent on both sides', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rbdm-boot-')), 'site-a.token');
    writeFileSync(file, token + '\n');
    const before = await s.state();
    expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', IP, file]))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    const urlSafe = token.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], { stdin: urlSafe })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await s.state()).toBe(before);
    expect((await peers(b, ['mirror', 'pool', 'info', IP])).map((p) => p.uuid)).toEqual([uuidOnB]);
    expect((await peers(a, ['mirror', 'pool', 'info', IP])).map((p) => p.uuid)).toEqual([uuidOnA]);
  });

  test('a half-done import (remote side only) is repaired by importing again', async () => {
    await b('mirror', 'pool', 'peer', 'remove', IP, uuidOnB);
    expect(await peers(b, ['mirror', 'pool', 'info', IP])).toEqual([]);
    await b.ok(['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], { stdin: token });
    uuidOnB = (await peers(b, ['mirror', 'pool', 'info', IP]))[0]!.uuid!;
    expect((await peers(a, ['mirror', 'pool', 'info', IP])).map((p) => p.uuid)).toEqual([uuidOnA]);
  });

  test('a peer registered under the remote fsid is reused and renamed to the site name', async () => {
    await b('mirror', 'pool', 'peer', 'remove', IP, uuidOnB);
    const fsid = decode(token).fsid!;
    const id = (await b('mirror', 'pool', 'peer', 'add', IP, `client.rbd-mirror-peer@${fsid}`)).trim();
    await b.ok(['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], { stdin: token });
    expect(await peers(b, ['mirror', 'pool', 'info', IP])).toEqual([{ uuid: id, direction: 'rx-tx', site_name: 'site-a',
      mirror_uuid: '', client_name: 'client.rbd-mirror-peer', key: decode(token).key, mon_host: decode(token).mon_host }]);
    uuidOnB = id;
  });

  test('pool disable with the bootstrap peer registered is EBUSY on both sides', async () => {
    const before = await s.state();
    for (const site of [a, b]) {
      expect(await site.run(['mirror', 'pool', 'disable', IP])).toEqual({ code: 16, stdout: '', stderr: 'rbd: mirror peers still registered\n' });
    }
    expect(await s.state()).toBe(before);
  });

  test('a pool missing on the remote: ENOENT, nothing written', async () => {
    const before = await s.state();
    expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', POOL2, '-'], { stdin: token }))
      .toEqual({ code: 2, stdout: '', stderr: 'rbd: failed to import peer bootstrap token\n' });
    expect(await s.state()).toBe(before);
    expect(await b.json('mirror', 'pool', 'info', POOL2)).toEqual({ mode: 'disabled' });
  });

  test('remote pool with mirroring disabled: ENOSYS (38)', async () => {
    await s.createPool('site-a', 'pool-2');
    const before = await s.state();
    expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', POOL2, '-'], { stdin: token }))
      .toEqual({ code: 38, stdout: '', stderr: 'rbd: mirroring is not enabled on remote peer\n' });
    expect(await s.state()).toBe(before);
  });

  test('rx-only import auto-enables the local pool and registers nothing remotely', async () => {
    await a('mirror', 'pool', 'enable', POOL2, 'image');
    expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', '--direction', 'rx-only', POOL2, '-'], { stdin: token }))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    const onB = await infoJson(b, POOL2);
    expect(onB).toEqual({ mode: 'image', site_name: 'site-b', peers: [
      { uuid: onB.peers[0].uuid, direction: 'rx-only', site_name: 'site-a', mirror_uuid: '', client_name: 'client.rbd-mirror-peer' }] });
    expect(await info(b, POOL2)).toBe(
      `Mode: image\nSite Name: site-b\n\nPeer Sites: \n\nUUID: ${onB.peers[0].uuid}\nName: site-a\nDirection: rx-only\nClient: client.rbd-mirror-peer\n`);
    if (ON_LOCAL) {
      expect(await info(a, POOL2)).toBe('Mode: image\nSite Name: site-a\n\nPeer Sites: none\n');
    } else {
      // the lab runs rbd-mirror on site-b: it pings site-a's pool, and Ceph then adds a tx-only peer
      // for site-b there (cls mirror_peer_ping; Ceph's rbd_mirror_bootstrap.sh waits for it too).
      // The import itself registered nothing: that peer has no client, unlike an rx-tx import's, and
      // carries site-b's mirror uuid, which only the daemon knows.
      const onA = await waitFor(async () => {
        const j = await infoJson(a, POOL2);
        return j.peers?.length ? j : undefined;
      }, 120_000, "site-b's rbd-mirror to add its tx-only peer on site-a");
      expect(onA).toEqual({ mode: 'image', site_name: 'site-a', peers: [
        { uuid: onA.peers[0].uuid, direction: 'tx-only', site_name: 'site-b', mirror_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), client_name: '' }] });
    }
  });

  test('auto-enable copies the remote mode (pool)', async () => {
    await b.ok(['mirror', 'pool', 'peer', 'bootstrap', 'import', OTHER, '-'], { stdin: token });
    expect(await b.json('mirror', 'pool', 'info', OTHER)).toMatchObject({ mode: 'pool' });
    expect((await peers(a, ['mirror', 'pool', 'info', OTHER]))[0]).toMatchObject({ site_name: 'site-b', direction: 'rx-tx' });
  });

  // local only: these need a third cluster (site-c), and the lab has two
  describe.skipIf(ON_CEPH)('a third site (local only)', () => {
    const c = s.extraSite('site-c');

    test('a site whose name equals the remote site name is refused (duplicate site name)', async () => {
      expect((await cephIn(s.home, ['--cluster', 'site-c', 'osd', 'pool', 'create', IP])).code).toBe(0);
      await c('pool', 'init', IP);
      await c('mirror', 'pool', 'enable', '--site-name', 'site-a', IP, 'image');
      const before = await s.state();
      expect(await c.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], { stdin: token }))
        .toEqual({ code: 22, stdout: '', stderr: 'rbd: failed to import peer bootstrap token: cannot import token for duplicate site name\n' });
      expect(await s.state()).toBe(before);
    });

    test('a second, different remote is refused (multiple peers), nothing written anywhere', async () => {
      await c('mirror', 'pool', 'enable', '--site-name', 'site-c', IP, 'image');
      const tokenC = (await c('mirror', 'pool', 'peer', 'bootstrap', 'create', IP)).trim();
      const before = await s.state();
      expect(await b.run(['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], { stdin: tokenC }))
        .toEqual({ code: 22, stdout: '', stderr: 'rbd: failed to import peer bootstrap token: multiple peers are not currently supported\n' });
      expect(await s.state()).toBe(before);
    });
  });

  test('bootstrap create: disabled pool EINVAL, missing pool ENOENT, no pool = default pool', async () => {
    const before = await s.state();
    expect(await a.run(['mirror', 'pool', 'peer', 'bootstrap', 'create', PL]))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: mirroring not enabled on the pool\n' });
    expect(await a.run(['mirror', 'pool', 'peer', 'bootstrap', 'create', 'no-such-pool']))
      .toEqual({ code: 2, stdout: '', stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" });
    expect(await a.run(['mirror', 'pool', 'peer', 'bootstrap', 'create']))
      .toEqual({ code: 2, stdout: '', stderr: "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n" });
    expect(await s.state()).toBe(before);
  });
});
