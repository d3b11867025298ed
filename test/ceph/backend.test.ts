// The ceph backend's API (src/backends/ceph) called directly against the two-site lab: every
// Backend method that the lab supports, on a pool of its own.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { createCephBackend } from '../../src/backends/ceph/index.js';
import type { ImageRef, PoolRef } from '../../src/backends/types.js';
import { isRbdError } from '../../src/errors.js';
import { announceSkip, createPoolOnBothSites, LAB_UP, labTitle, waitFor } from './lab.js';
import { scaled } from '../helpers/slow.js';

const POOL = `be-${Date.now().toString(36)}`;   // unique, so a re-run on a long-lived lab starts clean
const pool: PoolRef = { pool: POOL, namespace: '' };
const img = (image: string): ImageRef => ({ ...pool, image });
const open = (cluster: string) => createCephBackend({ cluster, configOverrides: {} }, process.env);

async function errnoOf(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return isRbdError(e) ? e.errno : String(e);
  }
}

announceSkip('ceph backend against the lab');
describe.skipIf(!LAB_UP)(labTitle('ceph backend against the lab'), () => {
  let a: Backend;
  let b: Backend;
  beforeAll(async () => {
    await createPoolOnBothSites(POOL);
    a = open('site-a');
    b = open('site-b');
  }, scaled(120_000));
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('identity, config and pools', async () => {
    const id = await a.identity();
    expect(id.fsid).toMatch(/^[0-9a-f-]{36}$/);
    expect(id.monHost).toMatch(/^\[v2:127\.0\.0\.1:13300\/0,v1:127\.0\.0\.1:16789\/0\]$/);
    expect(a.kind).toBe('ceph');
    expect(a.entityName).toBe('client.admin');
    expect(await a.getConfig('rbd_default_order')).toBe('22');
    expect(await errnoOf(a.getConfig('no_such_option'))).toBe(2);
    expect(await a.listPools()).toContain(POOL);
    expect(await a.poolId(POOL)).toBeGreaterThan(0);
    await expect(a.poolId('no-such-pool')).rejects.toThrow("error opening pool 'no-such-pool': (2) No such file or directory");
    expect(await a.namespaceExists({ pool: POOL, namespace: '' })).toBe(true);
    expect(await a.namespaceExists({ pool: POOL, namespace: 'nope' })).toBe(false);
  });

  it('pool mirroring: site names, mode, bootstrap peering', async () => {
    await a.setSiteName('site-a');
    await b.setSiteName('site-b');
    expect(await a.getSiteName()).toBe('site-a');
    expect(await a.getMirrorMode(pool)).toBe('disabled');
    expect(await a.getMirrorUuid(pool)).toBe('');
    await a.setMirrorMode(pool, 'image');
    await b.setMirrorMode(pool, 'image');
    expect(await a.getMirrorMode(pool)).toBe('image');
    expect(await a.getMirrorUuid(pool)).toMatch(/^[0-9a-f-]{36}$/);
    const token = await a.bootstrapCreate(POOL);
    expect(JSON.parse(Buffer.from(token, 'base64').toString())).toMatchObject({ client_id: 'rbd-mirror-peer' });
    expect(await a.bootstrapCreate(POOL)).toBe(token);
    await b.bootstrapImport(POOL, 'rx-tx', token);
    const [pb] = await b.listPeers(POOL);
    expect(pb).toMatchObject({ direction: 'rx-tx', siteName: 'site-a', clientName: 'client.rbd-mirror-peer' });
    const [pa] = await a.listPeers(POOL);
    expect(pa).toMatchObject({ direction: 'rx-tx', siteName: 'site-b' });
    const attrs = await b.getPeerAttributes(POOL, pb!.uuid);
    expect(Object.keys(attrs).sort()).toEqual(['key', 'mon_host']);
    // librbd itself accepts a second peer (the one-rx-peer rule is the rbd tool's) but not a tx-only one
    expect(await errnoOf(a.addPeer(POOL, { direction: 'tx-only', siteName: 'site-c', clientName: 'client.x' }))).toBe(22);
    const extra = await a.addPeer(POOL, { direction: 'rx-only', siteName: 'site-c', clientName: 'client.x' });
    expect((await a.listPeers(POOL)).map((p) => p.uuid)).toContain(extra);
    await a.setPeerSiteName(POOL, extra, 'site-d');
    await a.setPeerDirection(POOL, extra, 'tx-only');
    await a.setPeerAttributes(POOL, extra, { mon_host: '127.0.0.1:1' });
    expect(await a.getPeerAttributes(POOL, extra)).toEqual({ mon_host: '127.0.0.1:1' });
    await a.removePeer(POOL, extra);
    expect(await a.listPeers(POOL)).toHaveLength(1);
    // an unknown uuid is not an error for remove, ENOENT for set
    await a.removePeer(POOL, '00000000-0000-0000-0000-000000000000');
    expect(await errnoOf(a.setPeerClient(POOL, '00000000-0000-0000-0000-000000000000', 'client.y'))).toBe(2);
  });

  it('images, features, snapshots', async () => {
    await a.createImage(img('j'), { size: 8 << 20, order: 22, features: ['layering', 'exclusive-lock', 'journaling'] });
    await a.createImage(img('s'), { size: 8 << 20, order: 22, features: ['layering', 'exclusive-lock'] });
    expect(await a.listImages(pool)).toEqual(['j', 's']);
    const info = await a.imageInfo(img('j'));
    expect(info).toMatchObject({ name: 'j', size: 8 << 20, order: 22, objectSize: 4 << 20, objectCount: 2, snapshotCount: 0 });
    expect(info.features).toEqual(['layering', 'exclusive-lock', 'journaling']);
    expect(info.journalId).toBe(info.id);
    expect(info.mirroring).toBeUndefined();
    expect(await errnoOf(a.imageInfo(img('missing')))).toBe(2);
    await a.updateFeatures(img('s'), ['object-map', 'fast-diff'], true);
    expect((await a.imageInfo(img('s'))).features).toContain('fast-diff');
    await a.updateFeatures(img('s'), ['fast-diff', 'object-map'], false);
    await a.createSnap(img('s'), 'snap1');
    const snaps = await a.listSnaps(img('s'));
    expect(snaps.map((s) => [s.name, s.namespace.type])).toEqual([['snap1', 'user']]);
    await a.removeSnap(img('s'), 'snap1');
    expect(await a.listSnaps(img('s'))).toEqual([]);
  });

  it('image data: write, read, diff, resize, chunked read', async () => {
    const ref = img('io');
    await a.createImage(ref, { size: 8 << 20, order: 22, features: ['layering', 'exclusive-lock', 'object-map', 'fast-diff'] });
    expect(await a.writeImage(ref, [{ offset: 4096, data: Buffer.alloc(4096, 1) }, { offset: (4 << 20) + 10, data: Buffer.from('hello') }])).toBe(4101);
    expect((await a.readImage(ref, 4096, 4096)).equals(Buffer.alloc(4096, 1))).toBe(true);
    expect((await a.readImage(ref, 0, 16)).equals(Buffer.alloc(16))).toBe(true);
    expect(await a.readImage(ref, (8 << 20) - 4, 100)).toHaveLength(4);           // shortened at the end
    await a.createSnap(ref, 'before');
    await a.writeImage(ref, [{ offset: 0, data: Buffer.from('new') }]);
    expect((await a.readImage(ref, 0, 3, 'before')).equals(Buffer.alloc(3))).toBe(true);
    expect(await a.diffImage(ref, { fromSnap: 'before', wholeObject: false })).toEqual([{ offset: 0, length: 3, exists: true }]);
    expect((await a.diffImage(ref, { wholeObject: true })).map((e) => e.offset)).toEqual([0, 4 << 20]);
    const chunks = [];
    for await (const ch of a.readImageChunks(ref)) chunks.push({ offset: ch.offset, length: ch.length, bytes: ch.data?.length });
    expect(chunks).toEqual([{ offset: 0, length: 4 << 20, bytes: 4 << 20 }, { offset: 4 << 20, length: 4 << 20, bytes: 4 << 20 }]);
    expect(await errnoOf(a.resizeImage(ref, 4 << 20, false))).toBe(22);
    await a.resizeImage(ref, 12 << 20, false);
    expect((await a.imageInfo(ref)).size).toBe(12 << 20);
    await a.flushImage(ref);
  });

  it('image mirroring: enable, snapshot, status, daemons, demote/promote', async () => {
    await a.mirrorImageEnable(img('j'), 'journal');
    await a.mirrorImageEnable(img('s'), 'snapshot');
    expect(await a.mirrorImageGetInfo(img('j'))).toMatchObject({ state: 'enabled', mode: 'journal', primary: true, promotionState: 'primary' });
    expect((await a.imageInfo(img('s'))).mirroring).toMatchObject({ mode: 'snapshot', primary: true });
    const snapId = await a.mirrorImageCreateSnapshot(img('s'));
    expect(snapId).toBeGreaterThan(0);
    const mirrorSnaps = (await a.listSnaps(img('s'))).filter((s) => s.namespace.type === 'mirror');
    expect(mirrorSnaps.map((s) => s.id)).toContain(snapId);
    expect(mirrorSnaps[0]!.namespace).toMatchObject({ type: 'mirror', state: 'primary' });

    // site-b's rbd-mirror creates the non-primary copies and reports them replaying
    const list = await waitFor('both images replaying on site-b', async () => {
      const l = await b.mirrorImageStatusList(pool);
      return l.length === 2 && l.every((s) => s.sites.find((x) => x.mirrorUuid === '')?.state === 'replaying') && l;
    });
    expect(list.map((s) => [s.name, s.info.mode, s.info.primary])).toEqual([['j', 'journal', false], ['s', 'snapshot', false]]);
    expect(list[0]!.daemon).toMatchObject({ daemonId: 'local' });
    const st = await a.mirrorImageGlobalStatus(img('j'));
    expect(st.info).toMatchObject({ primary: true, mode: 'journal' });
    const local = st.sites.find((x) => x.mirrorUuid === '');
    expect(local?.description).toBe('local image is primary');
    const daemons = await a.mirrorDaemons();
    const poolId = String(await a.poolId(POOL));
    expect(daemons.length).toBe(1);
    expect(daemons[0]).toMatchObject({ clientId: 'local', version: expect.stringMatching(/^16\./) });
    expect(list[0]!.daemon).toMatchObject({ serviceId: expect.any(String) });
    await waitFor('the daemon reporting the pool', async () => (await a.mirrorDaemons())[0]?.pools[poolId]?.leader === true, 60);

    // planned failover of the snapshot image
    await a.mirrorImageDemote(img('s'));
    expect(await errnoOf(a.mirrorImageDemote(img('s')))).toBe(22);
    await waitFor('promote on site-b once the demotion propagated', async () => {
      try {
        await b.mirrorImagePromote(img('s'), false);
        return true;
      } catch (e) {
        if (isRbdError(e, 16)) return false;   // EBUSY: demotion not propagated yet
        throw e;
      }
    }, 90);
    expect(await b.mirrorImageGetInfo(img('s'))).toMatchObject({ primary: true });
    expect(await a.mirrorImageGetInfo(img('s'))).toMatchObject({ primary: false, promotionState: 'non-primary' });
  }, scaled(300_000));

  it('image data written on the primary reaches the other site with equal checksums', async () => {
    const sha = async (be: Backend, ref: ImageRef) => {
      const h = createHash('sha256');
      for await (const ch of be.readImageChunks(ref)) h.update(ch.data ?? Buffer.alloc(ch.length));
      return h.digest('hex');
    };
    const data = Buffer.alloc(1 << 20, 7);
    await a.writeImage(img('j'), [{ offset: 123, data }]);                     // journal: site-a primary
    await b.writeImage(img('s'), [{ offset: 5 << 20, data }]);                 // snapshot: site-b primary since failover
    expect(await errnoOf(a.writeImage(img('s'), [{ offset: 0, data }]))).toBe(30);   // non-primary: EROFS
    await b.mirrorImageCreateSnapshot(img('s'));
    const [wantJ, wantS] = await Promise.all([sha(a, img('j')), sha(b, img('s'))]);
    await waitFor('journal image data on site-b', async () => (await sha(b, img('j'))) === wantJ, 90);
    await waitFor('snapshot image data on site-a', async () => (await sha(a, img('s'))) === wantS, 90);
  }, scaled(200_000));

  it('snapshot schedules through the mgr', async () => {
    await a.scheduleAdd({ pool: POOL }, { interval: '1h', startTime: null });
    await a.scheduleAdd({ pool: POOL, namespace: '', image: 'j' }, { interval: '2d', startTime: '14:00:00' }).catch(() => undefined);
    const list = await a.scheduleList();
    expect(list).toContainEqual({ level: { pool: POOL }, items: [{ interval: '1h', startTime: null }] });
    await a.scheduleRemove({ pool: POOL });
    expect((await a.scheduleList()).find((e) => e.level.pool === POOL && !e.level.image)).toBeUndefined();
    expect(Array.isArray(await a.scheduleStatus())).toBe(true);
  });
});
