// The replayers in-process on two local clusters (no child processes): bootstrap, snapshot
// deltas, journal replay, failover, split-brain + resync and deletion, driving PoolReplayer.tick()
// until idle. Image data is written the way the data layer stores it (versioned blocks, journal
// entries in the same transaction).
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { LocalCore } from '../../src/backends/local/core.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { headPoint, imageRowById, readRange, writeExtents } from '../../src/backends/local/image-data.js';
import { localConnector } from '../../src/backends/local/replication/index.js';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import type { ReplicationEndpoint } from '../../src/backends/replication.js';
import { silentLogger } from '../../src/daemon/log.js';
import { PoolReplayer } from '../../src/daemon/pool-replayer.js';
import { StatusWriter } from '../../src/daemon/status.js';
import { SyncThrottle } from '../../src/daemon/sync-throttle.js';
import { timingFrom } from '../../src/daemon/timing.js';
import { tempHome } from '../helpers/rbd.js';

const POOL = 'image-pool';
let home: string;
let a: Backend;
let b: Backend;
let cores: LocalCore[];
let endpoints: ReplicationEndpoint[] = [];

function site(name: string): { backend: Backend; core: LocalCore } {
  const env = { RBDM_HOME: home };
  return { backend: createLocalBackend({ cluster: name, configOverrides: {} }, env), core: new LocalCore({ cluster: name, configOverrides: {} }, env) };
}

/** The daemon's pool replayer of `core`'s cluster, over its replication endpoints. */
function replayer(core: LocalCore, gid: number, syncThrottleMs = 0): PoolReplayer {
  const connector = localConnector({ cluster: core.opts.cluster, clientId: 'admin', configOverrides: {}, env: { RBDM_HOME: home } });
  const local = connector.local();
  endpoints.push(local);
  return new PoolReplayer({
    local, connector, status: new StatusWriter(gid, 0), log: silentLogger, timing: { ...timingFrom({}), syncThrottleMs },
    syncs: new SyncThrottle(() => 5), signal: new AbortController().signal, gid, isLeader: () => true,
  }, local.poolId(POOL)!, POOL, '');
}

/** Ticks both sites until neither has work left (bounded). */
async function settle(...rs: PoolReplayer[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    let more = false;
    for (const r of rs) if (await r.tick()) more = true;
    if (!more && i > 2) return;
  }
  throw new Error('replayers did not settle');
}

const fixtures = (core: LocalCore) => new LocalFixtures(core);
const imageId = (core: LocalCore, name: string): string => fixtures(core).imageId(name);

/** A client write through the data layer (journaling images journal it in the same transaction). */
function write(core: LocalCore, name: string, offset: number, data: Buffer): void {
  const store = core.store;
  store.tx(() => writeExtents(store.db, imageRowById(store.db, imageId(core, name)), [{ offset, data }]));
}

function digest(core: LocalCore, name: string): string {
  const image = imageRowById(core.store.db, imageId(core, name));
  return createHash('sha256').update(readRange(core.store.db, image, headPoint(image), 0, image.size)).digest('hex');
}

const fill = (n: number, seed: number) => Buffer.alloc(n, seed);
const status = async (be: Backend, image: string) => be.mirrorImageGlobalStatus({ pool: POOL, namespace: '', image });
const localState = async (be: Backend, image: string) => {
  const s = (await status(be, image)).sites.find((x) => x.mirrorUuid === '');
  return s && `${s.state}: ${s.description}`;
};

beforeEach(async () => {
  home = tempHome('rbdm-daemon-unit-');
  const sa = site('site-a');
  const sb = site('site-b');
  a = sa.backend;
  b = sb.backend;
  for (const [be, name] of [[a, 'site-a'], [b, 'site-b']] as const) {
    await be.osdPoolCreate(POOL);
    await be.poolInit(POOL);
    await be.setSiteName(name);
    await be.setMirrorMode({ pool: POOL, namespace: '' }, 'image');
  }
  await b.bootstrapImport(POOL, 'rx-tx', await a.bootstrapCreate(POOL));
  cores = [sa.core, sb.core];
});

afterEach(async () => {
  for (const e of endpoints) e.close();
  endpoints = [];
  for (const c of cores) c.close();
  await a.close();
  await b.close();
  rmSync(home, { recursive: true, force: true });
});

describe('snapshot mode', () => {
  test('bootstrap, delta, planned failover and failback keep both copies equal', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'img' }, { size: 8 << 20, order: 22, features: ['layering', 'exclusive-lock'] });
    write(ca, 'img', 0, fill(100_000, 1));
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'img' }, 'snapshot');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    await settle(ra, rb);
    expect(digest(cb, 'img')).toBe(digest(ca, 'img'));
    expect(await localState(b, 'img')).toMatch(/^replaying: replaying, \{"bytes_per_second":.*"replay_state":"idle"\}$/);
    expect(await localState(a, 'img')).toBe('stopped: local image is primary');

    // delta: only the changed extent is copied (block-granular, as rbd-mirror's deep copy of the
    // snapshot diff; issue 7 measured 25.6 MB copied for 25.6 MB written on real Ceph)
    const before = digest(cb, 'img');
    write(ca, 'img', 5 << 20, fill(4096, 7));
    await a.mirrorImageCreateSnapshot({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(digest(cb, 'img')).toBe(digest(ca, 'img'));
    expect(await localState(b, 'img')).toContain('"last_snapshot_bytes":4096');
    expect(digest(cb, 'img')).not.toBe(before);

    // not yet demoted: promote on b is refused
    await expect(b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'img' }, false)).rejects.toMatchObject({ errno: 16 });
    await a.mirrorImageDemote({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(await localState(b, 'img')).toBe('unknown: remote image demoted');
    await b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'img' }, false);
    write(cb, 'img', 1 << 20, fill(70_000, 9));
    await b.mirrorImageCreateSnapshot({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(digest(ca, 'img')).toBe(digest(cb, 'img'));
    expect(await localState(a, 'img')).toMatch(/^replaying: /);

    // failback
    await b.mirrorImageDemote({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    await a.mirrorImagePromote({ pool: POOL, namespace: '', image: 'img' }, false);
    write(ca, 'img', 3 << 20, fill(10, 3));
    await a.mirrorImageCreateSnapshot({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(digest(cb, 'img')).toBe(digest(ca, 'img'));
  });

  test('forced promotion, split-brain on demotion, resync re-creates the copy', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'img' }, { size: 4 << 20, order: 22, features: ['layering'] });
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'img' }, 'snapshot');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    await settle(ra, rb);
    const oldId = imageId(cb, 'img');
    await b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'img' }, true);
    write(cb, 'img', 0, fill(5000, 5));
    write(ca, 'img', 0, fill(5000, 6));
    await a.mirrorImageCreateSnapshot({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(await localState(a, 'img')).toBe('stopped: local image is primary');
    expect(await localState(b, 'img')).toBe('stopped: local image is primary');
    await b.mirrorImageDemote({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(await localState(b, 'img')).toBe('error: split-brain');
    await b.mirrorImageResync({ pool: POOL, namespace: '', image: 'img' });
    await settle(ra, rb);
    expect(imageId(cb, 'img')).not.toBe(oldId);
    expect(digest(cb, 'img')).toBe(digest(ca, 'img'));
    expect(await localState(b, 'img')).toMatch(/^replaying: /);
  });

  test('a forced promotion over a half-copied delta rolls the image back to the last complete snapshot', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'img' }, { size: 16 << 20, order: 22, features: ['layering'] });
    write(ca, 'img', 0, fill(1000, 1));
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'img' }, 'snapshot');
    await settle(replayer(ca, 1), replayer(cb, 2));
    const synced = digest(cb, 'img');
    write(ca, 'img', 0, fill(1000, 2));
    write(ca, 'img', 8 << 20, fill(1000, 3));
    await a.mirrorImageCreateSnapshot({ pool: POOL, namespace: '', image: 'img' });
    const slow = replayer(cb, 2, 300);
    await slow.tick(); // creates the marker
    await slow.tick(); // copies one object, then the budget is over
    expect(digest(cb, 'img')).not.toBe(synced);
    await b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'img' }, true);
    expect(digest(cb, 'img')).toBe(synced);
  });

  test('a delta base pruned on the remote leads to a full re-copy that also clears stale objects', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'img' }, { size: 16 << 20, order: 22, features: ['layering'] });
    write(ca, 'img', 8 << 20, fill(5000, 4));
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'img' }, 'snapshot');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    await settle(ra, rb);
    // the primary drops the snapshot b's copy is based on, and zeroes what it held
    const id = imageId(ca, 'img');
    const base = fixtures(ca).mirrorSnapshotIds(id)[0]!;
    write(ca, 'img', 8 << 20, Buffer.alloc(5000));
    write(ca, 'img', 0, fill(100, 8));
    await a.mirrorImageCreateSnapshot({ pool: POOL, namespace: '', image: 'img' });
    fixtures(ca).dropSnapshot(id, base);
    await settle(ra, rb);
    expect(digest(cb, 'img')).toBe(digest(ca, 'img'));
    expect(await localState(b, 'img')).toMatch(/^replaying: /);
  });

  test('disabling mirroring on the primary deletes the copy', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'img' }, { size: 4 << 20, order: 22, features: ['layering'] });
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'img' }, 'snapshot');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    await settle(ra, rb);
    expect(await b.listImages({ pool: POOL, namespace: '' })).toEqual(['img']);
    await a.mirrorImageDisable({ pool: POOL, namespace: '', image: 'img' }, false);
    await settle(ra, rb);
    expect(await b.listImages({ pool: POOL, namespace: '' })).toEqual([]);
  });

  test('an image enabled on the primary while a pass is busy is bootstrapped on the next pass, not at the next refresh', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    for (const image of ['old', 'next']) await a.createImage({ pool: POOL, namespace: '', image }, { size: 4 << 20, order: 22, features: ['layering'] });
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'old' }, 'snapshot');
    const rb = replayer(cb, 2);
    await settle(rb);
    await a.mirrorImageDisable({ pool: POOL, namespace: '', image: 'old' }, false);
    // the pass that deletes the old copy runs while an operator enables `next` (the local
    // backend's enable does its work before its first await, so it lands inside the pass)
    const local = endpoints.at(-1)!;
    const deleteImage = local.deleteImage.bind(local);
    local.deleteImage = (id) => {
      deleteImage(id);
      void a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'next' }, 'snapshot');
    };
    await rb.tick();
    expect(await b.listImages({ pool: POOL, namespace: '' })).toEqual([]);
    // the pool refresh interval (30 s by default) has not passed: only the change can wake it
    for (let i = 0; i < 5; i++) await rb.tick();
    expect(await b.listImages({ pool: POOL, namespace: '' })).toEqual(['next']);
  });
});

describe('snapshot mode: what follows the primary', () => {
  const ref = { pool: POOL, namespace: '', image: 'img' };
  const meta = (core: LocalCore) => fixtures(core).imageMeta(imageId(core, 'img'));
  const setMeta = (core: LocalCore, key: string, value: string) => fixtures(core).setImageMeta(imageId(core, 'img'), key, value);
  const snapDigest = (core: LocalCore, name: string) => {
    const image = imageRowById(core.store.db, imageId(core, 'img'));
    const snap = fixtures(core).userSnapshot(image.id, name);
    return createHash('sha256').update(readRange(core.store.db, image, snap, 0, snap.size)).digest('hex');
  };

  test('image-meta and user snapshots (a re-created name included) follow at each mirror snapshot', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage(ref, { size: 4 << 20, order: 20, features: ['layering', 'exclusive-lock'] });
    write(ca, 'img', 0, fill(50_000, 1));
    setMeta(ca, 'conf_rbd_cache', 'false');
    await a.mirrorImageEnable(ref, 'snapshot');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    await settle(ra, rb);
    expect(meta(cb)).toEqual([{ key: 'conf_rbd_cache', value: 'false' }]);

    await a.createSnap(ref, 'x');
    write(ca, 'img', 2 << 20, fill(9000, 2));
    setMeta(ca, 'user.note', 'v1');
    await a.mirrorImageCreateSnapshot(ref);
    await settle(ra, rb);
    expect(snapDigest(cb, 'x')).toBe(snapDigest(ca, 'x'));
    expect(meta(cb)).toEqual(meta(ca));

    // the name is removed and re-created with other contents before the next mirror snapshot
    await a.removeSnap(ref, 'x');
    write(ca, 'img', 0, fill(4096, 3));
    await a.createSnap(ref, 'x');
    write(ca, 'img', 0, fill(4096, 4));
    setMeta(ca, 'user.note', 'v2');
    await a.mirrorImageCreateSnapshot(ref);
    await settle(ra, rb);
    expect(snapDigest(cb, 'x')).toBe(snapDigest(ca, 'x'));
    expect(digest(cb, 'img')).toBe(digest(ca, 'img'));
    expect(meta(cb)).toEqual([{ key: 'conf_rbd_cache', value: 'false' }, { key: 'user.note', value: 'v2' }]);
  });
});

describe('journal mode', () => {
  test('replays entries in order, trims them, fails over and detects split-brain', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'j' }, { size: 8 << 20, order: 22, features: ['layering', 'exclusive-lock', 'journaling'] });
    write(ca, 'j', 0, fill(10_000, 1));
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'j' }, 'journal');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    await settle(ra, rb);
    for (let i = 0; i < 50; i++) write(ca, 'j', i * 4096 + 17, fill(4096, i + 2));
    await settle(ra, rb);
    expect(digest(cb, 'j')).toBe(digest(ca, 'j'));
    const desc = await localState(b, 'j');
    expect(desc).toMatch(/"entries_behind_primary":0/);
    expect(desc).toMatch(/"primary_position":\{"entry_tid":51,/);
    expect(fixtures(ca).journalEntryCount(imageId(ca, 'j'))).toBe(0);

    await expect(b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'j' }, false)).rejects.toMatchObject({ errno: 16 });
    await a.mirrorImageDemote({ pool: POOL, namespace: '', image: 'j' });
    await settle(ra, rb);
    // the replayer stops at the end of the demoted journal (rbd-mirror: up+stopped "stopped")
    expect(await localState(b, 'j')).toBe('stopped: stopped');
    await b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'j' }, false);
    write(cb, 'j', 100, fill(3000, 42));
    await settle(ra, rb);
    expect(digest(ca, 'j')).toBe(digest(cb, 'j'));
    expect(await localState(a, 'j')).toMatch(/^replaying: /);

    // forced promotion on a while b is primary, then b demoted: split-brain on b
    await a.mirrorImagePromote({ pool: POOL, namespace: '', image: 'j' }, true);
    write(ca, 'j', 0, fill(100, 1));
    write(cb, 'j', 0, fill(100, 2));
    await settle(ra, rb);
    await b.mirrorImageDemote({ pool: POOL, namespace: '', image: 'j' });
    await settle(ra, rb);
    expect(await localState(b, 'j')).toBe('error: split-brain detected');
    expect(digest(cb, 'j')).not.toBe(digest(ca, 'j'));
    await b.mirrorImageResync({ pool: POOL, namespace: '', image: 'j' });
    await settle(ra, rb);
    expect(digest(cb, 'j')).toBe(digest(ca, 'j'));
    expect(await localState(b, 'j')).toMatch(/^replaying: /);
  });

  test('demoted and promoted again on the same side: the secondary resumes (no split-brain), tags advance', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    const ref = { pool: POOL, namespace: '', image: 'j' };
    await a.createImage(ref, { size: 4 << 20, order: 22, features: ['layering', 'exclusive-lock', 'journaling'] });
    await a.mirrorImageEnable(ref, 'journal');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    write(ca, 'j', 0, fill(100, 1));
    await settle(ra, rb);
    await a.mirrorImageDemote(ref);
    await settle(ra, rb);
    expect(await localState(b, 'j')).toBe('stopped: stopped');
    await a.mirrorImagePromote(ref, false);
    write(ca, 'j', 4096, fill(100, 2));
    await settle(ra, rb);
    expect(digest(cb, 'j')).toBe(digest(ca, 'j'));
    const desc = (await localState(b, 'j'))!;
    // tag 1 at enable, 2 at the demotion, 3 at the promotion
    expect(desc).toMatch(/"non_primary_position":\{"entry_tid":\d+,"object_number":\d+,"tag_tid":3\},"primary_position":\{"entry_tid":\d+,"object_number":\d+,"tag_tid":3\}/);
  });

  test('the secondary force-promoted, written and demoted again: split-brain detected', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await a.createImage({ pool: POOL, namespace: '', image: 'j' }, { size: 4 << 20, order: 22, features: ['layering', 'exclusive-lock', 'journaling'] });
    await a.mirrorImageEnable({ pool: POOL, namespace: '', image: 'j' }, 'journal');
    const ra = replayer(ca, 1);
    const rb = replayer(cb, 2);
    write(ca, 'j', 0, fill(100, 1));
    await settle(ra, rb);
    await b.mirrorImagePromote({ pool: POOL, namespace: '', image: 'j' }, true);
    write(cb, 'j', 0, fill(100, 2));
    write(ca, 'j', 4096, fill(100, 3));
    await b.mirrorImageDemote({ pool: POOL, namespace: '', image: 'j' });
    await settle(ra, rb);
    expect(await localState(b, 'j')).toBe('error: split-brain detected');
    expect(await localState(a, 'j')).toBe('stopped: local image is primary');
  });
});

// Issue 8: the journal replayer applied a batch in one local transaction and committed its
// position on the primary in another; when that commit did not happen (the daemon killed between
// the two, or the primary's store busy), the next pass re-applied the batch. The copy now records
// what it applied with the data, so nothing is applied twice.
describe('journal mode: a commit on the primary that fails after the apply', () => {
  const ref = { pool: POOL, namespace: '', image: 'j' };

  /** site-b's replayer whose peer endpoint fails the next `failures.n` journal commits (EBUSY). */
  function flakyReplayer(core: LocalCore, gid: number, failures: { n: number }): PoolReplayer {
    const connector = localConnector({ cluster: core.opts.cluster, clientId: 'admin', configOverrides: {}, env: { RBDM_HOME: home } });
    const local = connector.local();
    endpoints.push(local);
    const flaky = {
      ...connector,
      peer: (...args: Parameters<typeof connector.peer>) => {
        const remote = connector.peer(...args);
        return new Proxy(remote, {
          get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver) as unknown;
            if (prop === 'commitJournal') {
              return (...a: Parameters<ReplicationEndpoint['commitJournal']>) => {
                if (failures.n > 0) { failures.n--; throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }); }
                return target.commitJournal(...a);
              };
            }
            return typeof v === 'function' ? (v as (...x: unknown[]) => unknown).bind(target) : v;
          },
        });
      },
    };
    return new PoolReplayer({
      local, connector: flaky, status: new StatusWriter(gid, 0), log: silentLogger,
      timing: { ...timingFrom({}), retryMinMs: 0, retryMaxMs: 0 }, syncs: new SyncThrottle(() => 5), signal: new AbortController().signal, gid, isLeader: () => true,
    }, local.poolId(POOL)!, POOL, '');
  }

  const snapDigest = (core: LocalCore, name: string) => {
    const image = imageRowById(core.store.db, imageId(core, 'j'));
    const snap = fixtures(core).userSnapshot(image.id, name);
    return createHash('sha256').update(readRange(core.store.db, image, snap, 0, snap.size)).digest('hex');
  };

  async function journalImage(ca: LocalCore): Promise<void> {
    await a.createImage(ref, { size: 8 << 20, order: 22, features: ['layering', 'exclusive-lock', 'journaling'] });
    write(ca, 'j', 0, fill(4096, 1));
    await a.mirrorImageEnable(ref, 'journal');
  }

  test('[write 8 x 1M on an 8M image, resize 4M]: replay resumes after the applied position', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await journalImage(ca);
    const failures = { n: 0 };
    const ra = replayer(ca, 1);
    const rb = flakyReplayer(cb, 2, failures);
    await settle(ra, rb);
    for (let i = 0; i < 8; i++) write(ca, 'j', i << 20, fill(1 << 20, i + 10));
    await a.resizeImage(ref, 4 << 20, true);
    failures.n = 1;
    await rb.tick(); // applies the batch, then its commit on site-a fails
    expect(failures.n).toBe(0);
    await settle(ra, rb);
    expect(await localState(b, 'j')).toMatch(/^replaying: replaying, .*"entries_behind_primary":0/);
    expect(digest(cb, 'j')).toBe(digest(ca, 'j'));
    // later resizes still follow
    await a.resizeImage(ref, 6 << 20, false);
    await settle(ra, rb);
    expect(digest(cb, 'j')).toBe(digest(ca, 'j'));
  });

  test('[snap create s1, resize 4K, resize 8M]: the copy of s1 stays equal to the primary\'s', async () => {
    const [ca, cb] = cores as [LocalCore, LocalCore];
    await journalImage(ca);
    const failures = { n: 0 };
    const ra = replayer(ca, 1);
    const rb = flakyReplayer(cb, 2, failures);
    write(ca, 'j', 1 << 20, fill(300_000, 7));
    await settle(ra, rb); // the data is replayed and committed: only the snapshot and resizes are at risk
    await a.createSnap(ref, 's1');
    await a.resizeImage(ref, 4096, true);
    await a.resizeImage(ref, 8 << 20, false);
    failures.n = 1;
    await rb.tick();
    expect(failures.n).toBe(0);
    await settle(ra, rb);
    expect(snapDigest(cb, 's1')).toBe(snapDigest(ca, 's1'));
    expect(digest(cb, 'j')).toBe(digest(ca, 'j'));
    expect(await localState(b, 'j')).toMatch(/^replaying: /);
  });
});
