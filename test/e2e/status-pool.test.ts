import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';
import { addDaemon, addImages, addPeer, addStatus, enablePool, localTime, openStore, poolId, type Db } from './status-fixtures.js';

const C = ['--cluster', 'site-a'];

describe('mirror pool status without an rbd-mirror daemon', () => {
  const home = tempHome();
  let db: Db;
  let ids: { id: string; globalId: string }[];

  beforeAll(async () => {
    for (const pool of ['image-pool', 'pool-2', 'peer-lab']) await createPool(home, 'site-a', pool);
    db = openStore(home, 'site-a');
    enablePool(db, 'image-pool');
    enablePool(db, 'pool-2');
    ids = addImages(db, 'image-pool', [{ name: 'image-2', mode: 'snapshot' }, { name: 'image-1' }, { name: 'image-3' }]);
  });
  afterAll(() => db.close());

  test('a pool with mirroring disabled is EINVAL and changes nothing', async () => {
    const before = storeDigest(home);
    for (const extra of [[], ['--format', 'json', '--pretty-format']]) {
      const r = await rbdIn(home, [...C, 'mirror', 'pool', 'status', 'peer-lab', ...extra]);
      expect(r).toEqual({ code: 22, stdout: '', stderr: 'rbd: mirroring not enabled on the pool\n' });
    }
    expect(storeDigest(home)).toBe(before);
  });

  test('daemon health is UNKNOWN and every image counts as unknown', async () => {
    expect(await ok(home, [...C, 'mirror', 'pool', 'status', 'image-pool'])).toBe(
      'health: WARNING\ndaemon health: UNKNOWN\nimage health: WARNING\nimages: 3 total\n    3 unknown\n');
  });

  test('--verbose lists no daemon and each image as down+unknown, by name', async () => {
    const block = (name: string, gid: string) =>
      `${name}:\n  global_id:   ${gid}\n  state:       down+unknown\n  description: status not found\n  last_update: \n`;
    expect(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'image-pool'])).toBe(
      'health: WARNING\ndaemon health: UNKNOWN\nimage health: WARNING\nimages: 3 total\n    3 unknown\n\n' +
      'DAEMONS\n  none\n\nIMAGES\n' +
      [block('image-1', ids[1]!.globalId), block('image-2', ids[0]!.globalId), block('image-3', ids[2]!.globalId)].join('\n'));
  });

  test('JSON: summary always, daemons and images only with --verbose', async () => {
    const plain = JSON.parse(await ok(home, [...C, 'mirror', 'pool', 'status', 'image-pool', '--format', 'json']));
    expect(plain).toEqual({ summary: { health: 'WARNING', daemon_health: 'UNKNOWN', image_health: 'WARNING', states: { unknown: 3 } } });
    const verbose = JSON.parse(await ok(home, [...C, 'mirror', 'pool', 'status', 'image-pool', '--verbose', '--format', 'json']));
    expect(Object.keys(verbose)).toEqual(['summary', 'daemons', 'images']);
    expect(verbose.daemons).toEqual([]);
    expect(verbose.images[0]).toEqual({
      name: 'image-1', global_id: ids[1]!.globalId, state: 'down+unknown', description: 'status not found', last_update: '',
    });
  });

  test('an enabled pool with no images: `IMAGES` ends the output without a newline', async () => {
    expect(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'pool-2'])).toBe(
      'health: UNKNOWN\ndaemon health: UNKNOWN\nimage health: OK\nimages: 0 total\n\nDAEMONS\n  none\n\nIMAGES');
    expect(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'pool-2', '--format', 'json', '--pretty-format'])).toBe(
      '{\n    "summary": {\n        "health": "UNKNOWN",\n        "daemon_health": "UNKNOWN",\n        "image_health": "OK",\n' +
      '        "states": {}\n    },\n    "daemons": [],\n    "images": []\n}\n');
  });
});

describe('mirror pool status with a daemon writing status records', () => {
  const home = tempHome();
  let db: Db;
  let ids: { id: string; globalId: string }[];
  let now = 0;
  const peerMirrorUuid = '97e5cdce-02c8-4ed3-a5a8-fb733e3f05d5';

  beforeAll(async () => {
    for (const pool of ['image-pool', 'pool-2']) await createPool(home, 'site-a', pool);
    now = Math.floor(Date.now() / 1000);                   // the records are fresh when the tests start
    db = openStore(home, 'site-a');
    enablePool(db, 'image-pool');
    enablePool(db, 'pool-2');
    addPeer(db, 'image-pool', { direction: 2, siteName: 'site-b', mirrorUuid: peerMirrorUuid });
    ids = addImages(db, 'image-pool', [{ name: 'image-1' }, { name: 'image-2', mode: 'snapshot' }]);
    addDaemon(db, { gid: 4127, instanceId: '4213', heartbeat: Date.now() + 60_000, pools: { [poolId(db, 'image-pool')]: { leader: true, callouts: [] } } });
  });
  // The records a live daemon keeps refreshing: a peer-site record is up only while its
  // last_update is fresh, and a loaded machine can spend longer than that between two tests.
  beforeEach(() => {
    now = Math.floor(Date.now() / 1000);
    db.setDaemonHeartbeats(Date.now() + 60_000);
    for (const { globalId } of ids) {
      addStatus(db, 'image-pool', { globalId, state: 'stopped', description: 'local image is primary', lastUpdate: now, gid: 4127 });
      addStatus(db, 'image-pool', { globalId, mirrorUuid: peerMirrorUuid, state: 'replaying', description: 'replaying, {}', lastUpdate: now, gid: 4127 });
    }
  });
  afterAll(() => db.close());

  test('a primary site counts the peer state: OK and replaying, as real rbd on site-a', async () => {
    expect(await ok(home, [...C, 'mirror', 'pool', 'status', 'image-pool'])).toBe(
      'health: OK\ndaemon health: OK\nimage health: OK\nimages: 2 total\n    2 replaying\n');
  });

  test('--verbose shows the daemon, up+ states, the service and peer sites', async () => {
    const out = await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'image-pool']);
    expect(out).toContain('DAEMONS\nservice 4127:\n  instance_id: 4213\n  client_id: mirror.0\n  hostname: host1\n' +
      '  version: 16.2.15\n  leader: true\n  health: OK\n\n\nIMAGES\nimage-1:\n');
    expect(out).toContain(`image-1:\n  global_id:   ${ids[0]!.globalId}\n  state:       up+stopped\n  description: local image is primary\n` +
      `  service:     mirror.0 on host1\n  last_update: ${localTime(now)}\n  peer_sites:\n    name: site-b\n    state: up+replaying\n` +
      `    description: replaying, {}\n    last_update: ${localTime(now)}\n\nimage-2:`);
    const json = JSON.parse(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'image-pool', '--format', 'json']));
    expect(json.daemons).toEqual([{
      service_id: '4127', instance_id: '4213', client_id: 'mirror.0', hostname: 'host1', ceph_version: '16.2.15', leader: true, health: 'OK',
    }]);
    expect(json.images[1]).toEqual({
      name: 'image-2', global_id: ids[1]!.globalId, state: 'up+stopped', description: 'local image is primary',
      daemon_service: { service_id: '4127', instance_id: '4213', daemon_id: 'mirror.0', hostname: 'host1' },
      last_update: localTime(now),
      peer_sites: [{ site_name: 'site-b', mirror_uuids: peerMirrorUuid, state: 'up+replaying', description: 'replaying, {}', last_update: localTime(now) }],
    });
  });

  test('a daemon that does not report the pool: daemon health ERROR with its callout', async () => {
    const out = await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'pool-2']);
    expect(out).toBe('health: ERROR\ndaemon health: ERROR\nimage health: OK\nimages: 0 total\n\nDAEMONS\nservice 4127:\n' +
      '  instance_id: \n  client_id: mirror.0\n  hostname: host1\n  version: 16.2.15\n  leader: false\n  health: WARNING\n' +
      '  callouts: [not reporting status for pool]\n\n\nIMAGES');
    const json = JSON.parse(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'pool-2', '--format', 'json']));
    expect(json.daemons[0].callouts).toEqual(['not reporting status for pool']);
  });

  test('a stale heartbeat takes the daemon out: records turn down+<state>, daemon health UNKNOWN', async () => {
    db.setDaemonHeartbeats(Date.now() - 60_000);
    // a peer row is written by the remote daemon: it goes down when it is no longer refreshed
    const restorePeerRows = db.agePeerStatuses(Math.floor(Date.now() / 1000) - 60);
    try {
      const json = JSON.parse(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'image-pool', '--format', 'json']));
      expect(json.summary).toEqual({ health: 'WARNING', daemon_health: 'UNKNOWN', image_health: 'WARNING', states: { unknown: 2 } });
      expect(json.images[0].state).toBe('down+stopped');
      expect(json.images[0].daemon_service).toBeUndefined();
      expect(json.images[0].peer_sites[0].state).toBe('down+replaying');
    } finally {
      db.setDaemonHeartbeats(Date.now() + 60_000);
      restorePeerRows();
    }
  });
});

describe('mirror pool status at scale', () => {
  // (how fast is measured by bench/startup.mjs, not asserted here)
  test('--verbose on 10,000 mirrored images lists every one', async () => {
    const home = tempHome();
    await createPool(home, 'site-a', 'big');
    const db = openStore(home, 'site-a');
    enablePool(db, 'big');
    addImages(db, 'big', Array.from({ length: 10_000 }, (_, i) => ({ name: `img-${String(i).padStart(5, '0')}` })));
    db.close();
    await ok(home, [...C, 'mirror', 'pool', 'status', 'big']); // warm the file cache
    const out = await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'big']);
    expect(out.split('\n').filter((l) => l.endsWith('down+unknown'))).toHaveLength(10_000);
  });
});

describe('mirror pool status on images mirrored through rbd itself', () => {
  test('rbd create + mirror image enable: two images down+unknown, no daemon', async () => {
    const home = tempHome();
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, [...C, 'mirror', 'pool', 'enable', 'image-pool', 'image', '--site-name', 'site-a']);
    await ok(home, [...C, 'create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1']);
    await ok(home, [...C, 'create', '--size', '64M', 'image-pool/image-2']);
    await ok(home, [...C, 'create', '--size', '8M', 'image-pool/not-mirrored']);
    await ok(home, [...C, 'mirror', 'image', 'enable', 'image-pool/image-1', 'journal']);
    await ok(home, [...C, 'mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot']);
    const json = JSON.parse(await ok(home, [...C, 'mirror', 'pool', 'status', '--verbose', 'image-pool', '--format', 'json']));
    expect(json.summary).toEqual({ health: 'WARNING', daemon_health: 'UNKNOWN', image_health: 'WARNING', states: { unknown: 2 } });
    expect(json.images.map((i: { name: string; state: string }) => [i.name, i.state]))
      .toEqual([['image-1', 'down+unknown'], ['image-2', 'down+unknown']]);
    const image2 = JSON.parse(await ok(home, [...C, 'mirror', 'image', 'status', 'image-pool/image-2', '--format', 'json']));
    expect(image2.snapshots).toHaveLength(1);
    expect(image2.snapshots[0]).toMatchObject({ demoted: false, mirror_peer_uuids: [] });
    expect(image2.snapshots[0].name).toMatch(new RegExp(`^\\.mirror\\.primary\\.${image2.global_id}\\.`));
    expect(typeof image2.snapshots[0].id).toBe('number');
  });
});
