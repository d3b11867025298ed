// `rbd snap purge` and `rbd journal info|status|client disconnect` (issue 11: both were missing;
// `rbd rm` of an image with snapshots points at `snap purge`). Output as real rbd 16.2 prints it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { peerTwoSites, startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { createPool, ok, okJson, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

describe('rbd snap purge', () => {
  const home = tempHome('rbdm-purge-');
  const rbd = (...args: string[]) => ok(home, ['--cluster', 'site-a', ...args]);
  beforeAll(async () => { await createPool(home, 'site-a', 'p'); });

  test('removes every user snapshot, then rm works', async () => {
    await rbd('create', '--size', '4M', 'p/img');
    for (const s of ['s1', 's2', 's3']) await rbd('snap', 'create', `p/img@${s}`);
    expect((await rbdIn(home, ['--cluster', 'site-a', 'rm', 'p/img'])).code).toBe(39);
    expect(await rbdIn(home, ['--cluster', 'site-a', 'snap', 'purge', 'p/img'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await rbd('snap', 'ls', 'p/img', '--format', 'json')).toBe('[]\n');
    await rbd('rm', 'p/img');
  });

  test('mirror snapshots stay (they are not the user\'s)', async () => {
    await rbd('mirror', 'pool', 'enable', 'p', 'image');
    await rbd('create', '--size', '4M', 'p/m');
    await rbd('mirror', 'image', 'enable', 'p/m', 'snapshot');
    await rbd('snap', 'create', 'p/m@user');
    await rbd('snap', 'purge', '--pool', 'p', '--image', 'm');
    const all = await okJson(home, ['--cluster', 'site-a', 'snap', 'ls', '--all', 'p/m']);
    expect(all.map((s: { namespace: { type: string } }) => s.namespace.type)).toEqual(['mirror']);
  });

  test.each([
    [['snap', 'purge', 'p/missing'], 2, 'rbd: error opening image missing: (2) No such file or directory\n'],
    [['snap', 'purge', 'p/img@snap'], 22, "rbd: snapshot name specified for a command that doesn't use it\n"],
    [['snap', 'purge'], 22, 'rbd: image name was not specified\n'],
  ])('%j exits %i and changes nothing', async (args, code, stderr) => {
    const before = storeDigest(home);
    expect(await rbdIn(home, ['--cluster', 'site-a', ...args])).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});

describe('rbd journal', () => {
  const home = tempHome('rbdm-journal-');
  const daemons: DaemonHandle[] = [];
  const A = ['--cluster', 'site-a'];
  const rbd = (...args: string[]) => ok(home, [...A, ...args]);
  let id = '';
  beforeAll(async () => {
    await peerTwoSites(home, 'rx-tx');
    await rbd('create', '--size', '8M', '--image-feature', 'exclusive-lock,journaling', 'image-pool/img');
    await rbd('create', '--size', '4M', 'image-pool/plain');
    id = (await okJson(home, [...A, 'info', 'image-pool/img'])).id;
  });
  afterAll(async () => { for (const d of daemons) await d.stop(); });

  test('info by image or by journal name (the image id)', async () => {
    const plain = `rbd journal '${id}':\n\theader_oid: journal.${id}\n\tobject_oid_prefix: journal_data.1.${id}.\n` +
      '\torder: 24 (16 MiB objects)\n\tsplay_width: 4\n';
    expect(await rbd('journal', 'info', '--pool', 'image-pool', '--image', 'img')).toBe(plain);
    expect(await rbd('journal', 'info', `image-pool/${id}`)).toBe(plain);
    expect(JSON.parse(await rbd('journal', 'info', '--journal', id, '-p', 'image-pool', '--format', 'json'))).toEqual({
      journal_id: id, header_oid: `journal.${id}`, object_oid_prefix: `journal_data.1.${id}.`, order: 24, splay_width: 4 });
  });

  test('status lists the image\'s own client with its newest position per object', async () => {
    await rbd('bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '24K', 'image-pool/img');
    expect(await rbd('journal', 'status', '-p', 'image-pool', '--image', 'img')).toBe(
      'minimum_set: 0\nactive_set: 0\nregistered clients: \n\t[id=, commit_position=[positions=[' +
      '[object_number=1, tag_tid=1, entry_tid=5], [object_number=0, tag_tid=1, entry_tid=4], ' +
      '[object_number=3, tag_tid=1, entry_tid=3], [object_number=2, tag_tid=1, entry_tid=2]]], state=connected]\n');
    const json = JSON.parse(await rbd('journal', 'status', '-p', 'image-pool', '--image', 'img', '--format', 'json'));
    expect(json.registered_clients[0]).toMatchObject({
      id: '', state: 'connected',
      data: '00000000  02 01 0d 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n00000010  00 00 00                                          |...|\n00000013\n',
    });
  });

  test('client disconnect flags the peer\'s client; the peer shows up+error disconnected', async () => {
    expect(await rbdIn(home, [...A, 'journal', 'client', 'disconnect', '-p', 'image-pool', '--image', 'img'])).toEqual({
      code: 2, stdout: '', stderr: 'rbd: journal client disconnect: (2) No such file or directory: no registered clients to disconnect\n' });
    await rbd('mirror', 'image', 'enable', 'image-pool/img', 'journal');
    daemons.push(startDaemon(home, 'site-b'));
    const peer = await waitFor(async () => (await okJson(home, [...A, 'journal', 'status', '-p', 'image-pool', '--image', 'img']))
      .registered_clients[1], 60_000, 'site-b\'s daemon registered on the journal');
    expect(peer.state).toBe('connected');
    expect(await rbdIn(home, [...A, 'journal', 'client', 'disconnect', '-p', 'image-pool', '--image', 'img', '--client-id', 'bogus'])).toEqual({
      code: 2, stdout: '', stderr: 'rbd: journal client disconnect: (2) No such file or directory: client bogus is not registered\n' });
    expect(await rbdIn(home, [...A, 'journal', 'client', 'disconnect', '-p', 'image-pool', '--image', 'img'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await okJson(home, [...A, 'journal', 'status', '-p', 'image-pool', '--image', 'img'])).registered_clients[1])
      .toMatchObject({ id: peer.id, state: 'disconnected' });
    await waitFor(async () => {
      const s = await okJson(home, ['--cluster', 'site-b', 'mirror', 'image', 'status', 'image-pool/img']);
      return s.state === 'up+error' && s.description === 'disconnected';
    }, 60_000, 'site-b reports the disconnection');
  }, 120_000);

  test.each([
    [['journal', 'info', 'image-pool/img'], 2, 'rbd: journal info: (2) No such file or directory: failed to get journal metadata\n'],
    [['journal', 'status'], 22, 'rbd: journal was not specified\n'],
    [['journal', 'info', 'nopool/abc'], 2, "rbd: error opening pool 'nopool': (2) No such file or directory\n"],
    // the real rbd's last line for these (lab, test/ceph/journal.test.ts)
    [['journal', 'info', '-p', 'image-pool', '--image', 'plain'], 22, 'rbd: journaling is not enabled for image plain\n'],
    [['journal', 'status', '-p', 'image-pool', '--image', 'missing'], 2, 'rbd: failed to open image missing to get journal name: (2) No such file or directory\n'],
  ])('%j exits %i', async (args, code, stderr) => {
    expect(await rbdIn(home, [...A, ...args])).toEqual({ code, stdout: '', stderr });
  });
});
