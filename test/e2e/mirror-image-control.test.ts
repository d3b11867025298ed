// `rbd mirror image enable|disable|promote|demote|resync` on the local backend (transcript sections 4-6).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, test } from 'vitest';
import { ok, okJson, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome('rbdm-b2-ctl-');
const site = (...args: string[]) => ['--cluster', 'site-a', ...args];
const rbd = (...args: string[]) => rbdIn(home, site(...args));
const info = (spec: string) => okJson(home, site('info', spec));

/** Writes straight into the store, standing in for what a remote site's daemon would do. */
function withDb(fn: (db: Database.Database) => void): void {
  const db = new Database(join(home, 'site-a', 'cluster.db'));
  try { fn(db); } finally { db.close(); }
}

beforeAll(async () => {
  for (const args of [
    ['pool', 'init', 'image-pool'],
    ['mirror', 'pool', 'enable', 'image-pool', 'image'],
    ['create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1'],
    ['create', '--size', '64M', 'image-pool/image-2'],
    ['create', '--size', '32M', '--image-feature', 'layering', 'image-pool/image-3'],
  ]) await ok(home, site(...args));
});

describe('mirror image enable / disable', () => {
  test('enable journal and snapshot print "Mirroring enabled"; enabling again in the same mode is a no-op', async () => {
    expect(await rbd('mirror', 'image', 'enable', 'image-pool/image-1', 'journal')).toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
    expect(await rbd('mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot')).toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
    const gid = (await info('image-pool/image-2')).mirroring.global_id;
    expect(await rbd('mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot')).toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
    expect((await info('image-pool/image-2')).mirroring).toEqual({ mode: 'snapshot', state: 'enabled', global_id: gid, primary: true });
  });

  test('the default mode is journal and turns on exclusive-lock + journaling', async () => {
    expect(await ok(home, site('mirror', 'image', 'enable', 'image-pool/image-3'))).toBe('Mirroring enabled\n');
    const i = await info('image-pool/image-3');
    expect(i.features).toEqual(['layering', 'exclusive-lock', 'journaling']);
    expect(i.mirroring).toMatchObject({ mode: 'journal', state: 'enabled', primary: true });
    expect(i.mirroring.global_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  test('enable with the other mode is EINVAL and changes nothing', async () => {
    const before = storeDigest(home);
    expect(await rbd('mirror', 'image', 'enable', 'image-pool/image-2', 'journal'))
      .toEqual({ code: 22, stdout: '', stderr: 'rbd: invalid current image mirror mode\n' });
    expect(storeDigest(home)).toBe(before);
  });

  test('disable of the primary copy removes mirroring and journaling; disabling again still succeeds', async () => {
    expect(await rbd('mirror', 'image', 'disable', 'image-pool/image-3')).toEqual({ code: 0, stdout: 'Mirroring disabled\n', stderr: '' });
    expect(await rbd('mirror', 'image', 'disable', 'image-pool/image-3')).toEqual({ code: 0, stdout: 'Mirroring disabled\n', stderr: '' });
    const i = await info('image-pool/image-3');
    expect(i.mirroring).toBeUndefined();
    expect(i.features).toEqual(['layering', 'exclusive-lock']);
    expect(await rbd('mirror', 'image', 'status', 'image-pool/image-3'))
      .toMatchObject({ code: 22, stderr: 'rbd: mirroring not enabled on the image\n' });
  });
});

describe('failover: demote, promote, resync', () => {
  test('demote then promote without force, for journal and snapshot mode', async () => {
    for (const img of ['image-pool/image-1', 'image-pool/image-2']) {
      expect(await rbd('mirror', 'image', 'demote', img)).toEqual({ code: 0, stdout: 'Image demoted to non-primary\n', stderr: '' });
      expect((await info(img)).mirroring.primary).toBe(false);
      expect(await rbd('mirror', 'image', 'promote', img)).toEqual({ code: 0, stdout: 'Image promoted to primary\n', stderr: '' });
      expect((await info(img)).mirroring.primary).toBe(true);
    }
  });

  test('resync: refused on a primary, flagged (idempotently) on a demoted image', async () => {
    const r = await rbd('mirror', 'image', 'resync', 'image-pool/image-1');
    expect(r).toMatchObject({ code: 22, stdout: '' });
    expect(r.stderr).toContain('image is primary, cannot resync to itself');
    expect(r.stderr).toMatch(/^rbd: error flagging image resync: .+\n$/);
    await ok(home, site('mirror', 'image', 'demote', 'image-pool/image-1'));
    for (let i = 0; i < 2; i++) {
      expect(await rbd('mirror', 'image', 'resync', 'image-pool/image-1'))
        .toEqual({ code: 0, stdout: 'Flagged image for resync from primary\n', stderr: '' });
    }
    withDb((db) => expect(db.prepare(`SELECT m.resync_requested FROM mirror_images m JOIN images i ON i.id = m.image_id
      WHERE i.name = 'image-1'`).get()).toEqual({ resync_requested: 1 }));
    await ok(home, site('mirror', 'image', 'promote', 'image-pool/image-1'));
  });

  test('a non-primary image (remote still primary): promote is EBUSY without --force, forced promote succeeds', async () => {
    withDb((db) => db.prepare(`UPDATE mirror_images SET promotion = 'non-primary'
      WHERE image_id = (SELECT id FROM images WHERE name = 'image-1')`).run());
    const before = storeDigest(home);
    const r = await rbd('mirror', 'image', 'promote', 'image-pool/image-1');
    expect(r).toEqual({
      code: 16, stdout: '',
      stderr: 'rbd: error promoting image to primary: image is primary within a remote cluster or demotion is not propagated yet\n',
    });
    expect(storeDigest(home)).toBe(before);
    const d = await rbd('mirror', 'image', 'disable', 'image-pool/image-1');
    expect(d).toEqual({ code: 22, stdout: '', stderr: 'rbd: mirrored image is not primary, add force option to disable mirroring\n' });
    expect(await rbd('mirror', 'image', 'promote', '--force', 'image-pool/image-1'))
      .toEqual({ code: 0, stdout: 'Image promoted to primary\n', stderr: '' });
    expect((await info('image-pool/image-1')).mirroring.primary).toBe(true);
  });

  test('disable --force removes a non-primary copy\'s mirroring', async () => {
    await ok(home, site('mirror', 'image', 'demote', 'image-pool/image-1'));
    expect(await rbd('mirror', 'image', 'disable', '--force', 'image-pool/image-1'))
      .toEqual({ code: 0, stdout: 'Mirroring disabled\n', stderr: '' });
    expect((await info('image-pool/image-1')).mirroring).toBeUndefined();
  });

  test('--pool/--image options instead of the positional spec', async () => {
    expect(await rbd('mirror', 'image', 'enable', '--pool', 'image-pool', '--image', 'image-1', 'journal'))
      .toEqual({ code: 0, stdout: 'Mirroring enabled\n', stderr: '' });
  });
});
