// `mirror pool peer add|set|remove` with every quirk of rbd 16.2 (lab transcript section 3), on either
// backend (test/helpers/sites.ts): embedded clusters by default, the real two-site Ceph lab with
// RBDM_TEST_BACKEND=ceph RBDM_CEPH_LAB=1 (peers there point at made-up sites; site-a's rbd-mirror
// just fails to reach them).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ON_CEPH, sites } from '../helpers/sites.js';

const s = sites('peer');
const { a } = s;
const PL = s.pool('peer-lab');
const NOMIRROR = s.pool('nomirror');
const SNAP = s.pool('snap-pool');
const run = (args: string[]) => a.run(args);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$/;
const KEY = 'AQAMzAZreeBqLRAAoWZryfmpO3pqb35nE3Y9ug==';
const keyFile = join(mkdtempSync(join(tmpdir(), 'rbdm-peer-key-')), 'fake-remote.key');
writeFileSync(keyFile, `${KEY}\nsecond line is ignored\n`);

/** Runs a failing command and checks nothing changed. */
async function fails(args: string[], code: number, stderr: string | RegExp): Promise<void> {
  const before = await s.state();
  const r = await run(args);
  if (typeof stderr === 'string') expect(r).toEqual({ code, stdout: '', stderr });
  else expect(r).toMatchObject({ code, stdout: '', stderr: expect.stringMatching(stderr) });
  expect(await s.state()).toBe(before);
}

const infoAll = () => a('mirror', 'pool', 'info', '--all', PL);
const peersJson = async () => (await a.json('mirror', 'pool', 'info', '--all', PL)).peers;

describe.skipIf(s.skip)(s.title('manual peers'), () => {
  beforeAll(() => Promise.all(['nomirror', 'peer-lab', 'snap-pool'].map((name) => s.createPool('site-a', name))), 120_000);
  afterAll(() => s.cleanup(), 120_000);
  let uuid = '';

  test('peer add needs mirroring enabled', async () => {
    await fails(['mirror', 'pool', 'peer', 'add', NOMIRROR, 'client.remote@site-c'], 22, 'rbd: mirroring not enabled on the pool\n');
    await a('mirror', 'pool', 'enable', '--site-name', 'site-a', PL, 'image');
  });

  test('peer add prints the new uuid; info shows the peer', async () => {
    const r = await run(['mirror', 'pool', 'peer', 'add', PL, 'client.remote@site-c']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(UUID);
    uuid = r.stdout.trim();
    expect(await a('mirror', 'pool', 'info', PL)).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuid}\nName: site-c\nMirror UUID: \nDirection: rx-tx\nClient: client.remote\n`);
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuid}\nName: site-c\nMirror UUID: \nDirection: rx-tx\nClient: client.remote\nMon Host: \nKey: \n`);
    expect(await peersJson()).toEqual([{ uuid, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: 'client.remote' }]);
  });

  test.each([
    ['a second rx-tx peer', ['client.other@site-d']],
    ['the same peer again (multiple-RX, not EEXIST)', ['client.remote@site-c']],
    ['a second rx-only peer', ['--direction', 'rx-only', 'client.other@site-d']],
    ['a peer named after the local cluster while another exists', ['client.admin@site-a']],
  ])('%s is refused: multiple RX peers', async (_name, extra) => {
    await fails(['mirror', 'pool', 'peer', 'add', PL, ...extra], 22, 'rbd: multiple RX peers are not currently supported\n');
  });

  test.each([
    ['tx-only', 'tx-only'], ['sideways', 'sideways'],
  ])('peer add --direction %s is a parse error (exit 1)', async (_n, dir) => {
    await fails(['mirror', 'pool', 'peer', 'add', '--direction', dir, PL, 'client.x@site-x'], 1,
      "rbd: the argument for option '--direction' is invalid\n");
  });

  test('peer set: client (verbatim), cluster/site-name, mon-host, key-file', async () => {
    for (const [key, value] of [['client', 'client.changed'], ['client', 'bare-name'], ['cluster', 'site-cc'],
      ['site-name', 'site-c'], ['mon-host', '127.0.0.1:39999'], ['key-file', keyFile]]) {
      expect(await run(['mirror', 'pool', 'peer', 'set', PL, uuid, key!, value!])).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuid}\nName: site-c\nMirror UUID: \nDirection: rx-tx\nClient: bare-name\nMon Host: 127.0.0.1:39999\nKey: ${KEY}\n`);
    expect(await peersJson()).toEqual([{
      uuid, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: 'bare-name', key: KEY, mon_host: '127.0.0.1:39999',
    }]);
  });

  test('peer set direction tx-only, rx-only, rx-tx', async () => {
    await a('mirror', 'pool', 'peer', 'set', PL, uuid, 'direction', 'tx-only');
    expect(await infoAll()).toContain('Mirror UUID: \nDirection: tx-only\nClient: bare-name\n');
    await a('mirror', 'pool', 'peer', 'set', PL, uuid, 'direction', 'rx-only');
    expect(await infoAll()).toContain(`Name: site-c\nDirection: rx-only\nClient: bare-name\n`);
    await a('mirror', 'pool', 'peer', 'set', PL, uuid, 'direction', 'rx-tx');
    expect((await peersJson())[0].direction).toBe('rx-tx');
  });

  test.each([
    ['bad direction value', () => [uuid, 'direction', 'sideways'], 22, 'rbd: invalid direction\n'],
    ['unknown key', () => [uuid, 'colour', 'blue'], 22, "rbd: must specify 'client', 'cluster', 'direction', 'key-file', 'mon-host', 'site-name' key.\n"],
    ['missing key', () => [uuid], 22, "rbd: must specify 'client', 'cluster', 'direction', 'key-file', 'mon-host', 'site-name' key.\n"],
    ['missing uuid', () => [], 22, 'rbd: must specify peer uuid\n'],
    ['unknown uuid', () => ['00000000-0000-0000-0000-000000000000', 'client', 'client.x'], 2,
      'rbd: mirror peer 00000000-0000-0000-0000-000000000000 does not exist\n'],
    ['malformed uuid', () => ['not-a-uuid', 'client', 'client.x'], 22, "rbd: invalid uuid 'not-a-uuid'\n"],
    ['key-file that does not exist', () => [uuid, 'key-file', '/nonexistent/key'], 22, 'rbd: failed to open /nonexistent/key\n'],
  ])('peer set %s fails', async (_name, rest, code, stderr) => {
    await fails(['mirror', 'pool', 'peer', 'set', PL, ...rest()], code, stderr);
  });

  test('peer set with an empty mon-host removes it; an empty client complains, exits 0 and clears it', async () => {
    expect(await run(['mirror', 'pool', 'peer', 'set', PL, uuid, 'mon-host', ''])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['mirror', 'pool', 'peer', 'set', PL, uuid, 'client']))
      .toEqual({ code: 0, stdout: '', stderr: 'rbd: must specify new client value.\n' });
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuid}\nName: site-c\nMirror UUID: \nDirection: rx-tx\nClient: \nMon Host: \nKey: ${KEY}\n`);
    expect(await peersJson()).toEqual([{ uuid, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: '', key: KEY }]);
  });

  test('peer remove; removing it again (unknown uuid) still exits 0', async () => {
    expect(await run(['mirror', 'pool', 'peer', 'remove', PL, uuid])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(['mirror', 'pool', 'peer', 'remove', PL, uuid])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await peersJson()).toEqual([]);
  });

  test.each([
    ['malformed uuid', [PL, 'not-a-uuid'], 22, "rbd: invalid uuid 'not-a-uuid'\n"],
    ['missing uuid', [PL], 22, 'rbd: must specify peer uuid\n'],
  ])('peer remove %s fails', async (_n, rest, code, stderr) => {
    await fails(['mirror', 'pool', 'peer', 'remove', ...rest], code, stderr);
  });

  test('peer add with --remote-mon-host, --remote-key-file (first line), --direction rx-only', async () => {
    const id = (await a('mirror', 'pool', 'peer', 'add', '--remote-mon-host', '127.0.0.1:39999', '--remote-key-file', keyFile,
      '--direction', 'rx-only', PL, 'client.remote@site-c')).trim();
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${id}\nName: site-c\nDirection: rx-only\nClient: client.remote\nMon Host: 127.0.0.1:39999\nKey: ${KEY}\n`);
    await a('mirror', 'pool', 'peer', 'remove', PL, id);
  });

  test('the client defaults to the caller (client.admin); --remote-client-name/--remote-cluster replace the spec', async () => {
    let id = (await a('mirror', 'pool', 'peer', 'add', PL, 'site-c')).trim();
    expect(await peersJson()).toEqual([{ uuid: id, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: 'client.admin' }]);
    await a('mirror', 'pool', 'peer', 'remove', PL, id);
    id = (await a('mirror', 'pool', 'peer', 'add', '--remote-client-name', 'client.opt', '--remote-cluster', 'site-opt', PL)).trim();
    expect(await peersJson()).toEqual([{ uuid: id, direction: 'rx-tx', site_name: 'site-opt', mirror_uuid: '', client_name: 'client.opt' }]);
    await a('mirror', 'pool', 'peer', 'remove', PL, id);
    // local only: on Ceph `--id other` must authenticate, and the lab has no client.other user
    if (ON_CEPH) return;
    id = (await a('--id', 'other', 'mirror', 'pool', 'peer', 'add', PL, 'site-c')).trim();
    expect((await peersJson())[0].client_name).toBe('client.other');
    await a('mirror', 'pool', 'peer', 'remove', PL, id);
  });

  test("'not a spec!' is a valid cluster name", async () => {
    const id = (await a('mirror', 'pool', 'peer', 'add', PL, 'not a spec!')).trim();
    expect((await peersJson())[0]).toMatchObject({ site_name: 'not a spec!', client_name: 'client.admin' });
    await a('mirror', 'pool', 'peer', 'remove', PL, id);
  });

  test.each([
    ['bad spec client.x@', [PL, 'client.x@'], 22, "rbd: invalid spec 'client.x@'\n"],
    ['bad spec @site-c', [PL, '@site-c'], 22, "rbd: invalid spec '@site-c'\n"],
    ['missing spec', [PL], 22, 'rbd: remote cluster was not specified\n'],
    ['nothing at all', [], 22, 'rbd: remote cluster was not specified\n'],
    ['missing key file', ['--remote-key-file', '/nonexistent', PL, 'client.x@site-x'], 22, 'rbd: failed to open /nonexistent\n'],
    ['self (cluster name) with no other peer', [PL, 'client.admin@site-a'], 22, 'rbd: error adding mirror peer: cannot add self as remote peer\n'],
    ['missing pool', ['no-such-pool', 'client.x@site-x'], 2, "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n"],
  ])('peer add: %s', async (_n, rest, code, stderr) => {
    await fails(['mirror', 'pool', 'peer', 'add', ...rest], code, stderr);
  });

  test('a tx-only peer does not count as RX; a second peer with its site name is EEXIST', async () => {
    const tx = (await a('mirror', 'pool', 'peer', 'add', PL, 'client.x@site-x')).trim();
    await a('mirror', 'pool', 'peer', 'set', PL, tx, 'direction', 'tx-only');
    await fails(['mirror', 'pool', 'peer', 'add', PL, 'client.x@site-x'], 17, 'rbd: mirror peer already exists\n');
    const rx = (await a('mirror', 'pool', 'peer', 'add', PL, 'client.y@site-y')).trim();
    // switching the tx-only one back to rx now collides with the rx peer
    await fails(['mirror', 'pool', 'peer', 'set', PL, tx, 'direction', 'rx-tx'], 22, 'rbd: multiple RX peers are not currently supported\n');
    await a('mirror', 'pool', 'peer', 'remove', PL, rx);
    await a('mirror', 'pool', 'peer', 'remove', PL, tx);
  });

  test('-p/--pool moves the other positionals up; pool disable with a peer is EBUSY', async () => {
    const id = (await a('mirror', 'pool', 'peer', 'add', '-p', PL, 'client.x@site-x')).trim();
    expect(`${id}\n`).toMatch(UUID);
    await a('mirror', 'pool', 'peer', 'set', '--pool', PL, id, 'client', 'client.z');
    expect((await peersJson())[0].client_name).toBe('client.z');
    await fails(['mirror', 'pool', 'disable', PL], 16, 'rbd: mirror peers still registered\n');
    await a('mirror', 'pool', 'peer', 'remove', '-p', PL, id);
    expect(await run(['mirror', 'pool', 'disable', PL])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('peer commands on a disabled pool are EINVAL', async () => {
    await fails(['mirror', 'pool', 'peer', 'remove', PL, '00000000-0000-0000-0000-000000000000'], 22, 'rbd: mirroring not enabled on the pool\n');
    await fails(['mirror', 'pool', 'peer', 'set', PL, '00000000-0000-0000-0000-000000000000', 'client', 'x'], 22, 'rbd: mirroring not enabled on the pool\n');
  });

  test('peer remove unlinks the peer from mirror snapshots; an emptied older one is removed', async () => {
    await a('mirror', 'pool', 'enable', SNAP, 'image');
    const id = (await a('mirror', 'pool', 'peer', 'add', SNAP, 'client.x@site-x')).trim();
    await a('create', '--size', '8M', `${SNAP}/img`);
    await a('mirror', 'image', 'enable', `${SNAP}/img`, 'snapshot');
    await a('mirror', 'image', 'snapshot', `${SNAP}/img`);
    const mirrorSnaps = async () => ((await a.json('snap', 'ls', '--all', `${SNAP}/img`)) as { namespace: { type: string; mirror_peer_uuids: string[] } }[])
      .filter((s) => s.namespace.type === 'mirror').map((s) => s.namespace.mirror_peer_uuids);
    expect(await mirrorSnaps()).toEqual([[id], [id]]);
    await a('mirror', 'pool', 'peer', 'remove', SNAP, id);
    expect(await mirrorSnaps()).toEqual([[]]);
  });
});
