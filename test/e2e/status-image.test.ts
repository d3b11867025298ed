import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';
import { addDaemon, addImages, addMirrorSnapshot, addPeer, addStatus, enablePool, localTime, openStore, poolId, type Db } from './status-fixtures.js';

const C = ['--cluster', 'site-a'];
const PEER_MIRROR_UUID = '97e5cdce-02c8-4ed3-a5a8-fb733e3f05d5';
const PEER_UUID = 'c89e6f72-c477-419e-8d74-02108fc69259';

describe('mirror image status', () => {
  const home = tempHome();
  let db: Db;
  let journal: { id: string; globalId: string };
  let snap: { id: string; globalId: string };
  const now = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    await ok(home, [...C, 'pool', 'init', 'image-pool']);
    db = openStore(home, 'site-a');
    enablePool(db, 'image-pool');
    [journal, snap] = addImages(db, 'image-pool', [{ name: 'image-1' }, { name: 'image-2', mode: 'snapshot' }]) as [typeof journal, typeof snap];
    // an image without mirroring
    db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES ('plainid', ?, '', 'plain', 1048576, 22, 1, 0, 0, 0)`).run(poolId(db, 'image-pool'));
    addMirrorSnapshot(db, snap.id, { id: 9, name: `.mirror.primary.${snap.globalId}.a`, state: 0, peers: [] });
    addMirrorSnapshot(db, snap.id, { id: 12, name: `.mirror.primary.${snap.globalId}.b`, state: 1, peers: [PEER_UUID] });
  });
  afterAll(() => db.close());

  test('errors: not mirrored is EINVAL, a missing image ENOENT, nothing changes', async () => {
    const before = storeDigest(home);
    expect(await rbdIn(home, [...C, 'mirror', 'image', 'status', 'image-pool/plain']))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: mirroring not enabled on the image\n' });
    expect(await rbdIn(home, [...C, 'mirror', 'image', 'status', 'image-pool/nope', '--format', 'json']))
      .toEqual({ code: 2, stdout: '', stderr: 'rbd: error opening image nope: (2) No such file or directory\n' });
    expect(await rbdIn(home, [...C, 'mirror', 'image', 'status']))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: image name was not specified\n' });
    expect(storeDigest(home)).toBe(before);
  });

  test('no daemon, no peer: the local site is down+unknown / status not found', async () => {
    expect(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-1'])).toBe(
      `image-1:\n  global_id:   ${journal.globalId}\n  state:       down+unknown\n  description: status not found\n  last_update: \n`);
    expect(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-1', '--format', 'json'])).toBe(
      `{"name":"image-1","global_id":"${journal.globalId}","state":"down+unknown","description":"status not found","last_update":""}\n`);
  });

  test('primary snapshot-mode image lists its primary mirror snapshots', async () => {
    const out = await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-2']);
    expect(out).toBe(`image-2:\n  global_id:   ${snap.globalId}\n  state:       down+unknown\n  description: status not found\n` +
      `  last_update: \n  snapshots:\n    9 .mirror.primary.${snap.globalId}.a (peer_uuids:[])\n` +
      `    12 .mirror.primary.${snap.globalId}.b (demoted peer_uuids:[${PEER_UUID}])\n`);
    const json = JSON.parse(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-2', '--format', 'json']));
    expect(json.snapshots).toEqual([
      { id: 9, name: `.mirror.primary.${snap.globalId}.a`, demoted: false, mirror_peer_uuids: [] },
      { id: 12, name: `.mirror.primary.${snap.globalId}.b`, demoted: true, mirror_peer_uuids: [PEER_UUID] },
    ]);
  });

  test('a known rx-tx peer adds a peer site; records of a live daemon are up', async () => {
    addPeer(db, 'image-pool', { uuid: PEER_UUID, direction: 2, siteName: 'site-b', mirrorUuid: PEER_MIRROR_UUID });
    // peer known, nothing written yet: both sites synthesized
    expect(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-1'])).toBe(
      `image-1:\n  global_id:   ${journal.globalId}\n  state:       down+unknown\n  description: status not found\n  last_update: \n` +
      '  peer_sites:\n    name: site-b\n    state: down+unknown\n    description: status not found\n    last_update: \n');

    addDaemon(db, { gid: 4122, instanceId: '4153', heartbeat: Date.now() + 60_000, pools: { [poolId(db, 'image-pool')]: { leader: true, callouts: [] } } });
    addStatus(db, 'image-pool', { globalId: journal.globalId, state: 'replaying', description: 'replaying, {"entries_behind_primary":0}', lastUpdate: now, gid: 4122 });
    addStatus(db, 'image-pool', { globalId: journal.globalId, mirrorUuid: PEER_MIRROR_UUID, state: 'stopped', description: 'local image is primary', lastUpdate: now, gid: 4122 });
    expect(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-1'])).toBe(
      `image-1:\n  global_id:   ${journal.globalId}\n  state:       up+replaying\n  description: replaying, {"entries_behind_primary":0}\n` +
      `  service:     mirror.0 on host1\n  last_update: ${localTime(now)}\n  peer_sites:\n    name: site-b\n    state: up+stopped\n` +
      `    description: local image is primary\n    last_update: ${localTime(now)}\n`);
    expect(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-1', '--format', 'json', '--pretty-format'])).toBe(`{
    "name": "image-1",
    "global_id": "${journal.globalId}",
    "state": "up+replaying",
    "description": "replaying, {\\"entries_behind_primary\\":0}",
    "daemon_service": {
        "service_id": "4122",
        "instance_id": "4153",
        "daemon_id": "mirror.0",
        "hostname": "host1"
    },
    "last_update": "${localTime(now)}",
    "peer_sites": [
        {
            "site_name": "site-b",
            "mirror_uuids": "${PEER_MIRROR_UUID}",
            "state": "up+stopped",
            "description": "local image is primary",
            "last_update": "${localTime(now)}"
        }
    ]
}
`);
  });

  test('with only tx-only peers there is no local site and peer records are not shown', async () => {
    db.prepare('UPDATE peers SET direction = 1').run();
    try {
      expect(await ok(home, [...C, 'mirror', 'image', 'status', '--pool', 'image-pool', '--image', 'image-1']))
        .toBe(`image-1:\n  global_id:   ${journal.globalId}\n`);
    } finally {
      db.prepare('UPDATE peers SET direction = 2').run();
    }
  });
});
