// `mirror pool promote|demote` and pool-mode auto-enabling of journaling images
// (lab transcript sections 1, 5 and the pool-2 part of section 8).
import { describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome();
const A = (...args: string[]) => ['--cluster', 'site-a', ...args];
const run = (args: string[]) => rbdIn(home, args);
const mirroring = async (image: string) => (await ok(home, A('info', image))).split('\n')
  .filter((l) => l.includes('mirroring ')).map((l) => l.trim());

describe('pool mode and pool-level promote/demote', () => {
  test('switching to pool mode enables journal mirroring on journaling images only', async () => {
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, A('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/b-journal'));
    await ok(home, A('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock', 'image-pool/a-plain'));
    await ok(home, A('mirror', 'pool', 'enable', 'image-pool', 'pool'));
    expect(await mirroring('image-pool/b-journal')).toEqual(expect.arrayContaining(['mirroring state: enabled', 'mirroring mode: journal', 'mirroring primary: true']));
    expect(await mirroring('image-pool/a-plain')).toEqual([]);
  });

  test('demote counts the primary images, then none are left', async () => {
    expect(await run(A('mirror', 'pool', 'demote', 'image-pool'))).toEqual({ code: 0, stdout: 'Demoted 1 mirrored images\n', stderr: '' });
    expect(await mirroring('image-pool/b-journal')).toContain('mirroring primary: false');
    expect(await run(A('mirror', 'pool', 'demote', 'image-pool'))).toEqual({ code: 0, stdout: 'Demoted 0 mirrored images\n', stderr: '' });
  });

  test('promote counts the demoted images, then none are left', async () => {
    expect(await run(A('mirror', 'pool', 'promote', 'image-pool'))).toEqual({ code: 0, stdout: 'Promoted 1 mirrored images\n', stderr: '' });
    expect(await mirroring('image-pool/b-journal')).toContain('mirroring primary: true');
    expect(await run(A('mirror', 'pool', 'promote', '--force', 'image-pool'))).toEqual({ code: 0, stdout: 'Promoted 0 mirrored images\n', stderr: '' });
  });

  test('image mode: snapshot-mode images are counted too; -p works', async () => {
    expect(await run(A('mirror', 'pool', 'enable', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: 'note: changing mirroring mode from pool to image\n', stderr: '' });
    expect(await mirroring('image-pool/b-journal')).toContain('mirroring state: enabled');
    await ok(home, A('mirror', 'image', 'enable', 'image-pool/a-plain', 'snapshot'));
    expect(await run(A('mirror', 'pool', 'demote', '-p', 'image-pool'))).toEqual({ code: 0, stdout: 'Demoted 2 mirrored images\n', stderr: '' });
    expect(await run(A('mirror', 'pool', 'promote', '--pool', 'image-pool'))).toEqual({ code: 0, stdout: 'Promoted 2 mirrored images\n', stderr: '' });
  });

  test('disable from image mode with images still enabled is EINVAL and changes nothing', async () => {
    const before = storeDigest(home);
    expect(await run(A('mirror', 'pool', 'disable', 'image-pool'))).toEqual({
      code: 22, stdout: '', stderr: 'rbd: failed to disable mirror mode: there are still images with mirroring enabled\n' });
    expect(storeDigest(home)).toBe(before);
  });

  test('disable from pool mode disables every image first (journaling goes off)', async () => {
    await ok(home, A('mirror', 'pool', 'enable', 'image-pool', 'pool'));
    expect(await run(A('mirror', 'pool', 'disable', 'image-pool'))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await mirroring('image-pool/b-journal')).toEqual([]);
    expect(await mirroring('image-pool/a-plain')).toEqual([]);
    expect(await ok(home, A('info', 'image-pool/b-journal'))).toContain('features: layering, exclusive-lock\n');
  });

  test.each([
    ['promote', ['mirror', 'pool', 'promote', 'image-pool'], 22, 'rbd: mirroring not enabled on the pool\n'],
    ['demote', ['mirror', 'pool', 'demote', 'image-pool'], 22, 'rbd: mirroring not enabled on the pool\n'],
    ['promote (no pool)', ['mirror', 'pool', 'promote'], 2,
      "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n"],
    ['demote (missing pool)', ['mirror', 'pool', 'demote', 'nope'], 2, "rbd: error opening pool 'nope': (2) No such file or directory\n"],
  ])('%s on a pool without mirroring fails and changes nothing', async (_n, args, code, stderr) => {
    const before = storeDigest(home);
    expect(await run(A(...args))).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});
