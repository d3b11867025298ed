// `mirror pool peer add|set|remove` with every quirk of rbd 16.2 (lab transcript section 3).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ok, okJson, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome();
const A = (...args: string[]) => ['--cluster', 'site-a', ...args];
const run = (args: string[]) => rbdIn(home, args);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n$/;
const KEY = 'AQAMzAZreeBqLRAAoWZryfmpO3pqb35nE3Y9ug==';
const keyFile = join(home, 'fake-remote.key');
writeFileSync(keyFile, `${KEY}\nsecond line is ignored\n`);

/** Runs a failing command and checks the store did not change. */
async function fails(args: string[], code: number, stderr: string): Promise<void> {
  const before = storeDigest(home);
  expect(await run(A(...args))).toEqual({ code, stdout: '', stderr });
  expect(storeDigest(home)).toBe(before);
}

const infoAll = () => ok(home, A('mirror', 'pool', 'info', '--all', 'peer-lab'));
const peersJson = async () => (await okJson(home, A('mirror', 'pool', 'info', '--all', 'peer-lab'))).peers;

describe('manual peers', () => {
  let uuid = '';

  test('peer add needs mirroring enabled', async () => {
    await ok(home, A('pool', 'init', 'nomirror'));
    await ok(home, A('pool', 'init', 'peer-lab'));
    await fails(['mirror', 'pool', 'peer', 'add', 'nomirror', 'client.remote@site-c'], 22, 'rbd: mirroring not enabled on the pool\n');
    await ok(home, A('mirror', 'pool', 'enable', '--site-name', 'site-a', 'peer-lab', 'image'));
  });

  test('peer add prints the new uuid; info shows the peer', async () => {
    const r = await run(A('mirror', 'pool', 'peer', 'add', 'peer-lab', 'client.remote@site-c'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(UUID);
    uuid = r.stdout.trim();
    expect(await ok(home, A('mirror', 'pool', 'info', 'peer-lab'))).toBe(
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
    await fails(['mirror', 'pool', 'peer', 'add', 'peer-lab', ...extra], 22, 'rbd: multiple RX peers are not currently supported\n');
  });

  test.each([
    ['tx-only', 'tx-only'], ['sideways', 'sideways'],
  ])('peer add --direction %s is a parse error (exit 1)', async (_n, dir) => {
    await fails(['mirror', 'pool', 'peer', 'add', '--direction', dir, 'peer-lab', 'client.x@site-x'], 1,
      "rbd: the argument for option '--direction' is invalid\n");
  });

  test('peer set: client (verbatim), cluster/site-name, mon-host, key-file', async () => {
    for (const [key, value] of [['client', 'client.changed'], ['client', 'bare-name'], ['cluster', 'site-cc'],
      ['site-name', 'site-c'], ['mon-host', '127.0.0.1:39999'], ['key-file', keyFile]]) {
      expect(await run(A('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, key!, value!))).toEqual({ code: 0, stdout: '', stderr: '' });
    }
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuid}\nName: site-c\nMirror UUID: \nDirection: rx-tx\nClient: bare-name\nMon Host: 127.0.0.1:39999\nKey: ${KEY}\n`);
    expect(await peersJson()).toEqual([{
      uuid, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: 'bare-name', key: KEY, mon_host: '127.0.0.1:39999',
    }]);
  });

  test('peer set direction tx-only, rx-only, rx-tx', async () => {
    await ok(home, A('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'direction', 'tx-only'));
    expect(await infoAll()).toContain('Mirror UUID: \nDirection: tx-only\nClient: bare-name\n');
    await ok(home, A('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'direction', 'rx-only'));
    expect(await infoAll()).toContain(`Name: site-c\nDirection: rx-only\nClient: bare-name\n`);
    await ok(home, A('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'direction', 'rx-tx'));
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
    await fails(['mirror', 'pool', 'peer', 'set', 'peer-lab', ...rest()], code, stderr);
  });

  test('peer set with an empty mon-host removes it; an empty client complains, exits 0 and clears it', async () => {
    expect(await run(A('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'mon-host', ''))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(A('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'client')))
      .toEqual({ code: 0, stdout: '', stderr: 'rbd: must specify new client value.\n' });
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${uuid}\nName: site-c\nMirror UUID: \nDirection: rx-tx\nClient: \nMon Host: \nKey: ${KEY}\n`);
    expect(await peersJson()).toEqual([{ uuid, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: '', key: KEY }]);
  });

  test('peer remove; removing it again (unknown uuid) still exits 0', async () => {
    expect(await run(A('mirror', 'pool', 'peer', 'remove', 'peer-lab', uuid))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(A('mirror', 'pool', 'peer', 'remove', 'peer-lab', uuid))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await peersJson()).toEqual([]);
  });

  test.each([
    ['malformed uuid', ['peer-lab', 'not-a-uuid'], 22, "rbd: invalid uuid 'not-a-uuid'\n"],
    ['missing uuid', ['peer-lab'], 22, 'rbd: must specify peer uuid\n'],
  ])('peer remove %s fails', async (_n, rest, code, stderr) => {
    await fails(['mirror', 'pool', 'peer', 'remove', ...rest], code, stderr);
  });

  test('peer add with --remote-mon-host, --remote-key-file (first line), --direction rx-only', async () => {
    const id = (await ok(home, A('mirror', 'pool', 'peer', 'add', '--remote-mon-host', '127.0.0.1:39999', '--remote-key-file', keyFile,
      '--direction', 'rx-only', 'peer-lab', 'client.remote@site-c'))).trim();
    expect(await infoAll()).toBe(
      `Mode: image\nSite Name: site-a\n\nPeer Sites: \n\nUUID: ${id}\nName: site-c\nDirection: rx-only\nClient: client.remote\nMon Host: 127.0.0.1:39999\nKey: ${KEY}\n`);
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', id));
  });

  test('the client defaults to the caller (client.admin); --remote-client-name/--remote-cluster replace the spec', async () => {
    let id = (await ok(home, A('mirror', 'pool', 'peer', 'add', 'peer-lab', 'site-c'))).trim();
    expect(await peersJson()).toEqual([{ uuid: id, direction: 'rx-tx', site_name: 'site-c', mirror_uuid: '', client_name: 'client.admin' }]);
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', id));
    id = (await ok(home, A('mirror', 'pool', 'peer', 'add', '--remote-client-name', 'client.opt', '--remote-cluster', 'site-opt', 'peer-lab'))).trim();
    expect(await peersJson()).toEqual([{ uuid: id, direction: 'rx-tx', site_name: 'site-opt', mirror_uuid: '', client_name: 'client.opt' }]);
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', id));
    id = (await ok(home, A('--id', 'other', 'mirror', 'pool', 'peer', 'add', 'peer-lab', 'site-c'))).trim();
    expect((await peersJson())[0].client_name).toBe('client.other');
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', id));
  });

  test("'not a spec!' is a valid cluster name", async () => {
    const id = (await ok(home, A('mirror', 'pool', 'peer', 'add', 'peer-lab', 'not a spec!'))).trim();
    expect((await peersJson())[0]).toMatchObject({ site_name: 'not a spec!', client_name: 'client.admin' });
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', id));
  });

  test.each([
    ['bad spec client.x@', ['peer-lab', 'client.x@'], 22, "rbd: invalid spec 'client.x@'\n"],
    ['bad spec @site-c', ['peer-lab', '@site-c'], 22, "rbd: invalid spec '@site-c'\n"],
    ['missing spec', ['peer-lab'], 22, 'rbd: remote cluster was not specified\n'],
    ['nothing at all', [], 22, 'rbd: remote cluster was not specified\n'],
    ['missing key file', ['--remote-key-file', '/nonexistent', 'peer-lab', 'client.x@site-x'], 22, 'rbd: failed to open /nonexistent\n'],
    ['self (cluster name) with no other peer', ['peer-lab', 'client.admin@site-a'], 22, 'rbd: error adding mirror peer: cannot add self as remote peer\n'],
    ['missing pool', ['no-such-pool', 'client.x@site-x'], 2, "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n"],
  ])('peer add: %s', async (_n, rest, code, stderr) => {
    await fails(['mirror', 'pool', 'peer', 'add', ...rest], code, stderr);
  });

  test('a tx-only peer does not count as RX; a second peer with its site name is EEXIST', async () => {
    const tx = (await ok(home, A('mirror', 'pool', 'peer', 'add', 'peer-lab', 'client.x@site-x'))).trim();
    await ok(home, A('mirror', 'pool', 'peer', 'set', 'peer-lab', tx, 'direction', 'tx-only'));
    await fails(['mirror', 'pool', 'peer', 'add', 'peer-lab', 'client.x@site-x'], 17, 'rbd: mirror peer already exists\n');
    const rx = (await ok(home, A('mirror', 'pool', 'peer', 'add', 'peer-lab', 'client.y@site-y'))).trim();
    // switching the tx-only one back to rx now collides with the rx peer
    await fails(['mirror', 'pool', 'peer', 'set', 'peer-lab', tx, 'direction', 'rx-tx'], 22, 'rbd: multiple RX peers are not currently supported\n');
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', rx));
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'peer-lab', tx));
  });

  test('-p/--pool moves the other positionals up; pool disable with a peer is EBUSY', async () => {
    const id = (await ok(home, A('mirror', 'pool', 'peer', 'add', '-p', 'peer-lab', 'client.x@site-x'))).trim();
    expect(`${id}\n`).toMatch(UUID);
    await ok(home, A('mirror', 'pool', 'peer', 'set', '--pool', 'peer-lab', id, 'client', 'client.z'));
    expect((await peersJson())[0].client_name).toBe('client.z');
    await fails(['mirror', 'pool', 'disable', 'peer-lab'], 16, 'rbd: mirror peers still registered\n');
    await ok(home, A('mirror', 'pool', 'peer', 'remove', '-p', 'peer-lab', id));
    expect(await run(A('mirror', 'pool', 'disable', 'peer-lab'))).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('peer commands on a disabled pool are EINVAL', async () => {
    await fails(['mirror', 'pool', 'peer', 'remove', 'peer-lab', '00000000-0000-0000-0000-000000000000'], 22, 'rbd: mirroring not enabled on the pool\n');
    await fails(['mirror', 'pool', 'peer', 'set', 'peer-lab', '00000000-0000-0000-0000-000000000000', 'client', 'x'], 22, 'rbd: mirroring not enabled on the pool\n');
  });

  test('peer remove unlinks the peer from mirror snapshots; an emptied older one is removed', async () => {
    await ok(home, A('pool', 'init', 'snap-pool'));
    await ok(home, A('mirror', 'pool', 'enable', 'snap-pool', 'image'));
    const id = (await ok(home, A('mirror', 'pool', 'peer', 'add', 'snap-pool', 'client.x@site-x'))).trim();
    await ok(home, A('create', '--size', '8M', 'snap-pool/img'));
    await ok(home, A('mirror', 'image', 'enable', 'snap-pool/img', 'snapshot'));
    await ok(home, A('mirror', 'image', 'snapshot', 'snap-pool/img'));
    const mirrorSnaps = async () => ((await okJson(home, A('snap', 'ls', '--all', 'snap-pool/img'))) as { namespace: { type: string; mirror_peer_uuids: string[] } }[])
      .filter((s) => s.namespace.type === 'mirror').map((s) => s.namespace.mirror_peer_uuids);
    expect(await mirrorSnaps()).toEqual([[id], [id]]);
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'snap-pool', id));
    expect(await mirrorSnaps()).toEqual([[]]);
  });
});
