import { beforeAll, describe, expect, test } from 'vitest';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { createPool, on, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome();
const { run: rbd, ok: okA, json: jsonA } = on(home, 'site-a');

beforeAll(async () => {
  await createPool(home, 'site-a', 'image-pool');
  await okA('mirror', 'pool', 'enable', 'image-pool', 'image');
  await okA('create', '--size', '64M', 'image-pool/img');
});

describe('rbd snap create / ls / rm', () => {
  test('user snapshots get ids from the image sequence; progress only on stderr', async () => {
    expect(await rbd('snap', 'create', 'image-pool/img@first')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await rbd('snap', 'add', '--no-progress', '--snap', 'second', 'image-pool/img')).toEqual({ code: 0, stdout: '', stderr: '' });
    const snaps = await jsonA('snap', 'ls', 'image-pool/img', '--pretty-format');
    const ts: string = snaps[0].timestamp;
    expect(snaps).toEqual([
      { id: 1, name: 'first', size: 67108864, protected: 'false', timestamp: ts },
      { id: 2, name: 'second', size: 67108864, protected: 'false', timestamp: snaps[1].timestamp },
    ]);
    expect(await okA('snap', 'list', 'image-pool/img')).toBe([
      'SNAPID  NAME    SIZE    PROTECTED  TIMESTAMP               ',
      `     1  first   64 MiB             ${ts}`,
      `     2  second  64 MiB             ${snaps[1].timestamp}`,
      '',
    ].join('\n'));
    expect((await jsonA('info', 'image-pool/img')).snapshot_count).toBe(2);
    expect(await okA('snap', 'ls', 'image-pool/img', '--format', 'xml')).toBe(
      `<snapshots><snapshot><id>1</id><name>first</name><size>67108864</size><protected>false</protected><timestamp>${ts}</timestamp></snapshot>` +
      `<snapshot><id>2</id><name>second</name><size>67108864</size><protected>false</protected><timestamp>${snaps[1].timestamp}</timestamp></snapshot></snapshots>\n`);
  });

  test('info of a snapshot shows its size and protection', async () => {
    const info = await jsonA('info', 'image-pool/img@first');
    expect(info).toMatchObject({ name: 'img', size: 67108864, protected: 'false' });
    expect(await okA('info', 'image-pool/img@first')).toContain('\tprotected: False\n');
  });

  test('rm removes by name; ids are never reused', async () => {
    expect(await rbd('snap', 'rm', 'image-pool/img@second')).toEqual({ code: 0, stdout: '', stderr: '' });
    await okA('snap', 'create', '--no-progress', 'image-pool/img@third');
    expect((await jsonA('snap', 'ls', 'image-pool/img')).map((s: { id: number; name: string }) => [s.id, s.name]))
      .toEqual([[1, 'first'], [3, 'third']]);
    await okA('snap', 'remove', '--no-progress', 'image-pool/img@third');
  });

  test('an image without snapshots lists nothing (plain) and [] (JSON)', async () => {
    await okA('create', '--size', '1', 'image-pool/bare');
    expect(await rbd('snap', 'ls', 'image-pool/bare')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await okA('snap', 'ls', 'image-pool/bare', '--format', 'json')).toBe('[]\n');
  });
});

describe('mirror snapshots in snap ls --all (spec 5.2)', () => {
  test('hidden without --all; NAMESPACE column and namespace object with it', async () => {
    await okA('create', '--size', '64M', 'image-pool/image-2');
    await okA('mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot');
    expect(await rbd('snap', 'ls', 'image-pool/image-2')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await okA('snap', 'ls', 'image-pool/image-2', '--format', 'json')).toBe('[]\n');
    const all = await jsonA('snap', 'ls', '--all', 'image-pool/image-2');
    expect(all).toHaveLength(1);
    const s = all[0];
    expect(s.name).toMatch(/^\.mirror\.primary\.[0-9a-f-]{36}\.[0-9a-f-]{36}$/);
    expect(s).toEqual({
      id: s.id, name: s.name, size: 67108864, protected: 'false', timestamp: s.timestamp,
      namespace: { type: 'mirror', state: 'primary', mirror_peer_uuids: [], complete: true },
    });
    const plain = await okA('snap', 'ls', '--all', 'image-pool/image-2');
    const pad = ' '.repeat(s.name.length - 4);
    expect(plain).toBe([
      `SNAPID  NAME${pad}  SIZE    PROTECTED  TIMESTAMP                 NAMESPACE                     `,
      `     ${s.id}  ${s.name}  64 MiB             ${s.timestamp}  mirror (primary peer_uuids:[])`,
      '',
    ].join('\n'));
    // user snapshots show the `user` namespace
    await okA('snap', 'create', '--no-progress', 'image-pool/image-2@mine');
    const both = await jsonA('snap', 'ls', '--all', 'image-pool/image-2');
    expect(both[1]).toMatchObject({ name: 'mine', namespace: { type: 'user' } });
    expect(await okA('snap', 'ls', '--all', 'image-pool/image-2')).toMatch(/  mine +64 MiB .* user +\n$/);
    await okA('snap', 'rm', '--no-progress', 'image-pool/image-2@mine');
  });

  test('a mirror snapshot cannot be removed by name: librbd looks in the user namespace (ENOENT)', async () => {
    const [s] = await jsonA('snap', 'ls', '--all', 'image-pool/image-2');
    const before = storeDigest(home);
    expect(await rbd('snap', 'rm', `image-pool/image-2@${s.name}`)).toEqual({
      code: 2, stdout: '',
      stderr: 'rbd: failed to remove snapshot: (2) No such file or directory: No such snapshot found.\n',
    });
    expect(storeDigest(home)).toBe(before);
  });

  test('demoted and non-primary snapshots render as rbd does', async () => {
    await okA('create', '--size', '64M', 'image-pool/np');
    await okA('mirror', 'image', 'enable', 'image-pool/np', 'snapshot');
    // the daemon's non-primary snapshots, written straight into the store
    const db = new LocalFixtures(`${home}/site-a`);
    const id = db.imageId('np');
    const primary = 'a50c70d4-fce8-4633-a2b4-0512f800d730';
    db.addNonPrimarySnapshot(id, { id: 10, name: '.mirror.non_primary.g.a', complete: true, primaryMirrorUuid: primary, primarySnapId: 12, lastCopiedObject: 16 });
    db.addNonPrimarySnapshot(id, { id: 11, name: '.mirror.non_primary.g.b', complete: false, primaryMirrorUuid: primary, primarySnapId: 14, lastCopiedObject: 6 });
    db.addMirrorSnapshot(id, { id: 12, name: '.mirror.primary.g.c', state: 1, peers: ['c89e', 'a111'] });
    db.close();
    const json = await jsonA('snap', 'ls', '--all', 'image-pool/np');
    expect(json[1].namespace).toEqual({
      type: 'mirror', state: 'non-primary', mirror_peer_uuids: [], complete: true,
      primary_mirror_uuid: 'a50c70d4-fce8-4633-a2b4-0512f800d730', primary_snap_id: 12, last_copied_object_number: 16,
    });
    expect(json[3].namespace).toEqual({ type: 'mirror', state: 'demoted', mirror_peer_uuids: ['a111', 'c89e'], complete: true });
    const lines = (await okA('snap', 'ls', '--all', 'image-pool/np')).split('\n').map((l) => l.trimEnd());
    expect(lines[2]).toMatch(/  mirror \(non-primary peer_uuids:\[\] a50c70d4-fce8-4633-a2b4-0512f800d730:12 copied\)$/);
    expect(lines[3]).toMatch(/  mirror \(non-primary peer_uuids:\[\] a50c70d4-fce8-4633-a2b4-0512f800d730:14 37% copied\)$/);
    expect(lines[4]).toMatch(/  mirror \(demoted peer_uuids:\[a111,c89e\]\)$/);
  });
});

describe('bad inputs: exact message, exit code, store unchanged', () => {
  const cases: [string, string[], number, string][] = [
    ['create without snapshot name', ['snap', 'create', 'image-pool/img'], 22, 'rbd: snap name was not specified\n'],
    ['create without image', ['snap', 'create'], 22, 'rbd: image name was not specified\n'],
    ['create with / in the snapshot name', ['snap', 'create', 'image-pool/img@a/b'], 22, "rbd: invalid spec 'image-pool/img@a/b'\n"],
    ['create of an existing snapshot', ['snap', 'create', 'image-pool/img@first'], 17,
      'rbd: failed to create snapshot: (17) File exists\n'],
    ['create on a missing image', ['snap', 'create', 'image-pool/nosuch@s'], 2, 'rbd: error opening image nosuch: (2) No such file or directory\n'],
    ['create with both quiesce flags', ['snap', 'create', '--skip-quiesce', '--ignore-quiesce-error', 'image-pool/img@q'], 22,
      'rbd: ignore-quiesce-error cannot be used together with skip-quiesce\n'],
    ['rm without snapshot name', ['snap', 'rm', 'image-pool/img'], 22, 'rbd: snap name was not specified\n'],
    ['rm of a missing snapshot', ['snap', 'rm', '--no-progress', 'image-pool/img@nosuch'], 2,
      'rbd: failed to remove snapshot: (2) No such file or directory: No such snapshot found.\n'],
    ['ls with a snapshot part', ['snap', 'ls', 'image-pool/img@first'], 22, "rbd: snapshot name specified for a command that doesn't use it\n"],
    ['ls of a missing image', ['snap', 'ls', 'image-pool/nosuch'], 2, 'rbd: error opening image nosuch: (2) No such file or directory\n'],
    ['ls in a missing pool', ['snap', 'ls', 'nopool/img'], 2, "rbd: error opening pool 'nopool': (2) No such file or directory\n"],
  ];
  test.each(cases)('%s', async (_name, args, code, stderr) => {
    const before = storeDigest(home);
    expect(await rbd(...args)).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });

  test('snapshots of a non-primary image are refused (EROFS)', async () => {
    await okA('create', '--size', '8M', '--mirror-image-mode', 'snapshot', 'image-pool/ro');
    await okA('mirror', 'image', 'demote', 'image-pool/ro');
    const before = storeDigest(home);
    expect(await rbd('snap', 'create', 'image-pool/ro@x')).toEqual({
      code: 30, stdout: '', stderr: 'rbd: failed to create snapshot: (30) Read-only file system\n',
    });
    expect(storeDigest(home)).toBe(before);
  });
});
