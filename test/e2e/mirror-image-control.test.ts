// `rbd mirror image enable|disable|promote|demote|resync` (transcript sections 4-6), on either backend
// (test/helpers/sites.ts): embedded clusters by default, the real two-site Ceph lab with
// RBDM_TEST_BACKEND=ceph RBDM_CEPH_LAB=1.
import { join } from 'node:path';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { waitFor } from '../ceph/lab.js';
import { ON_CEPH, ON_LOCAL, sites } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';

const s = sites('ctl');
const { a, b } = s;
const IP = s.pool('image-pool');
const PEERED = s.pool('peered');
const rbd = (...args: string[]) => a.run(args);
const info = (spec: string) => a.json('info', spec);

/** Local only: writes straight into site-a's store, standing in for what a remote site's daemon would do. */
function withDb(fn: (db: LocalFixtures) => void): void {
  const db = new LocalFixtures(join(s.home, 'site-a'));
  try { fn(db); } finally { db.close(); }
}

describe.skipIf(s.skip)(s.title('mirror image control'), () => {
  beforeAll(async () => {
    await s.createPool('site-a', 'image-pool');
    for (const args of [
      ['mirror', 'pool', 'enable', IP, 'image'],
      ['create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', `${IP}/image-1`],
      ['create', '--size', '64M', `${IP}/image-2`],
      ['create', '--size', '32M', '--image-feature', 'layering', `${IP}/image-3`],
    ]) await a.ok(args);
  }, scaled(120_000));
  afterAll(() => s.cleanup(), 120_000);

  describe('mirror image enable / disable', () => {
    test('enable journal and snapshot print "Mirroring enabled"; enabling again in the same mode is a no-op', async () => {
      expect(await rbd('mirror', 'image', 'enable', `${IP}/image-1`, 'journal')).toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
      expect(await rbd('mirror', 'image', 'enable', `${IP}/image-2`, 'snapshot')).toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
      const gid = (await info(`${IP}/image-2`)).mirroring.global_id;
      expect(await rbd('mirror', 'image', 'enable', `${IP}/image-2`, 'snapshot')).toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
      expect((await info(`${IP}/image-2`)).mirroring).toEqual({ mode: 'snapshot', state: 'enabled', global_id: gid, primary: true });
    });

    test('the default mode is journal and turns on exclusive-lock + journaling', async () => {
      expect(await a('mirror', 'image', 'enable', `${IP}/image-3`)).toBe('Mirroring enabled\n');
      const i = await info(`${IP}/image-3`);
      expect(i.features).toEqual(['layering', 'exclusive-lock', 'journaling']);
      expect(i.mirroring).toMatchObject({ mode: 'journal', state: 'enabled', primary: true });
      expect(i.mirroring.global_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    test('enable with the other mode is EINVAL (local: and changes nothing)', async () => {
      const before = await s.state();
      const r = await rbd('mirror', 'image', 'enable', `${IP}/image-2`, 'journal');
      expect(r).toMatchObject({ code: 22, stdout: '' });
      if (ON_LOCAL) {
        expect(r.stderr).toBe('rbd: invalid current image mirror mode\n');
        expect(await s.state()).toBe(before);
      } else {
        // real librbd (Mirror.cc image_enable) turns the journaling feature on before it checks the
        // current mode and leaves it on, as Debian's rbd does (see bad-input.test.ts)
        expect(r.stderr).toMatch(/^rbd: .*invalid current image mirror mode\n$/);
        expect((await info(`${IP}/image-2`)).features).toContain('journaling');
        await a('feature', 'disable', `${IP}/image-2`, 'journaling');
      }
    });

    test('disable of the primary copy removes mirroring and journaling; disabling again still succeeds', async () => {
      expect(await rbd('mirror', 'image', 'disable', `${IP}/image-3`)).toEqual({ code: 0, stdout: 'Mirroring disabled\n', stderr: '' });
      expect(await rbd('mirror', 'image', 'disable', `${IP}/image-3`)).toEqual({ code: 0, stdout: 'Mirroring disabled\n', stderr: '' });
      const i = await info(`${IP}/image-3`);
      expect(i.mirroring).toBeUndefined();
      expect(i.features).toEqual(['layering', 'exclusive-lock']);
      expect(await rbd('mirror', 'image', 'status', `${IP}/image-3`))
        .toMatchObject({ code: 22, stderr: 'rbd: mirroring not enabled on the image\n' });
    });
  });

  describe('failover: demote, promote, resync', () => {
    test('demote then promote without force, for journal and snapshot mode', async () => {
      for (const img of [`${IP}/image-1`, `${IP}/image-2`]) {
        expect(await rbd('mirror', 'image', 'demote', img)).toEqual({ code: 0, stdout: 'Image demoted to non-primary\n', stderr: '' });
        expect((await info(img)).mirroring.primary).toBe(false);
        expect(await rbd('mirror', 'image', 'promote', img)).toEqual({ code: 0, stdout: 'Image promoted to primary\n', stderr: '' });
        expect((await info(img)).mirroring.primary).toBe(true);
      }
    });

    test('resync: refused on a primary, flagged (idempotently) on a demoted image', async () => {
      const r = await rbd('mirror', 'image', 'resync', `${IP}/image-1`);
      expect(r).toMatchObject({ code: 22, stdout: '' });
      expect(r.stderr).toContain('image is primary, cannot resync to itself');
      expect(r.stderr).toMatch(/^rbd: error flagging image resync: .+\n$/);
      await a('mirror', 'image', 'demote', `${IP}/image-1`);
      for (let i = 0; i < 2; i++) {
        expect(await rbd('mirror', 'image', 'resync', `${IP}/image-1`))
          .toEqual({ code: 0, stdout: 'Flagged image for resync from primary\n', stderr: '' });
      }
      // local only: the flag is a column of the SQLite store (on Ceph it is image metadata the
      // rbd-mirror daemon consumes, and no peer is configured here to act on it)
      if (ON_LOCAL) {
        withDb((db) => expect(db.resyncRequested('image-1')).toBe(true));
      }
      await a('mirror', 'image', 'promote', `${IP}/image-1`);
    });

    test('a non-primary image (remote still primary): promote is EBUSY without --force, forced promote succeeds', async () => {
      let site = a;
      let spec = `${IP}/image-1`;
      if (ON_LOCAL) {
        // no daemon here: mark site-a's copy non-primary in the store, as a remote primary's daemon would
        withDb((db) => db.setPromotion('image-1', 'non-primary'));
      } else {
        // ceph: a real non-primary copy, the one site-b's rbd-mirror makes of a journal image on a
        // peered pool (a separate pool, so the resync flag above never reaches a daemon)
        await Promise.all([s.createPool('site-a', 'peered'), s.createPool('site-b', 'peered')]);
        await a('mirror', 'pool', 'enable', '--site-name', 'site-a', PEERED, 'image');
        await b('mirror', 'pool', 'enable', '--site-name', 'site-b', PEERED, 'image');
        await b.ok(['mirror', 'pool', 'peer', 'bootstrap', 'import', PEERED, '-'],
          { stdin: await a('mirror', 'pool', 'peer', 'bootstrap', 'create', PEERED) });
        await a('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', `${PEERED}/image-1`);
        await a('mirror', 'image', 'enable', `${PEERED}/image-1`, 'journal');
        site = b;
        spec = `${PEERED}/image-1`;
        await waitFor('site-b has a non-primary copy', async () => (await b.json('info', spec)).mirroring?.primary === false, 90);
        // and has bootstrapped it: rbd-mirror re-creates a copy whose first sync it finds
        // interrupted, so a copy promoted mid-bootstrap can be non-primary again right after
        await waitFor('site-b replays the copy', async () => (await b.json('mirror', 'image', 'status', spec)).state === 'up+replaying', 90);
      }
      const before = await s.state();
      const r = await site.run(['mirror', 'image', 'promote', spec]);
      expect(r).toEqual({
        code: 16, stdout: '',
        stderr: 'rbd: error promoting image to primary: image is primary within a remote cluster or demotion is not propagated yet\n',
      });
      expect(await s.state()).toBe(before);
      const d = await site.run(['mirror', 'image', 'disable', spec]);
      expect(d).toEqual({ code: 22, stdout: '', stderr: 'rbd: mirrored image is not primary, add force option to disable mirroring\n' });
      expect(await site.run(['mirror', 'image', 'promote', '--force', spec]))
        .toEqual({ code: 0, stdout: 'Image promoted to primary\n', stderr: '' });
      expect((await site.json('info', spec)).mirroring.primary).toBe(true);
    }, scaled(180_000));

    test('disable --force removes a non-primary copy\'s mirroring', async () => {
      await a('mirror', 'image', 'demote', `${IP}/image-1`);
      expect(await rbd('mirror', 'image', 'disable', '--force', `${IP}/image-1`))
        .toEqual({ code: 0, stdout: 'Mirroring disabled\n', stderr: '' });
      expect((await info(`${IP}/image-1`)).mirroring).toBeUndefined();
    });

    test('--pool/--image options instead of the positional spec', async () => {
      expect(await rbd('mirror', 'image', 'enable', '--pool', IP, '--image', 'image-1', 'journal'))
        .toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
    });
  });
});
