import { beforeAll, describe, expect, test } from 'vitest';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { createPool, ok, okJson, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const A = ['--cluster', 'site-a'];
const home = tempHome();
const rbd = (...args: string[]) => rbdIn(home, [...A, ...args]);
const okA = (...args: string[]) => ok(home, [...A, ...args]);
const jsonA = <T = any>(...args: string[]) => okJson<T>(home, [...A, ...args]);
const features = async (spec: string): Promise<string[]> => (await jsonA('info', spec)).features;
const mirroringLines = async (spec: string): Promise<string> =>
  (await okA('info', spec)).split('\n').filter((l) => l.includes('mirroring')).join('\n');

beforeAll(async () => {
  await createPool(home, 'site-a', 'image-pool');
  await okA('mirror', 'pool', 'enable', 'image-pool', 'image');
  await createPool(home, 'site-a', 'pool-2');
  await okA('mirror', 'pool', 'enable', 'pool-2', 'pool');
});

describe('rbd feature enable / disable', () => {
  test('journaling added later in an image-mode pool: mirroring is not enabled (transcript image-4)', async () => {
    await okA('create', '--size', '32M', '--image-feature', 'layering,exclusive-lock', 'image-pool/image-4');
    expect(await rbd('feature', 'enable', 'image-pool/image-4', 'journaling')).toEqual({ code: 0, stdout: '', stderr: '' });
    const info = await jsonA('info', 'image-pool/image-4');
    expect(info.features).toEqual(['layering', 'exclusive-lock', 'journaling']);
    expect(info.journal).toBe(info.id);
    expect(info.mirroring).toEqual({ mode: 'journal', state: 'disabled' });
    expect(await mirroringLines('image-pool/image-4')).toBe('\tmirroring state: disabled');
  });

  test('disabling journaling of a journal-mirrored image in an image-mode pool is refused (transcript)', async () => {
    await okA('mirror', 'image', 'enable', 'image-pool/image-4', 'journal');
    const before = storeDigest(home);
    expect(await rbd('feature', 'disable', 'image-pool/image-4', 'journaling')).toEqual({
      code: 22, stdout: '',
      stderr: 'rbd: failed to update image features: (22) Invalid argument: cannot disable journaling: journal-based mirroring enabled and mirror pool mode set to image\n',
    });
    expect(storeDigest(home)).toBe(before);
  });

  test('a snapshot-mirrored image may gain and lose journaling; mirroring stays snapshot (transcript image-2)', async () => {
    await okA('create', '--size', '64M', 'image-pool/image-2');
    await okA('mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot');
    await okA('feature', 'enable', 'image-pool/image-2', 'journaling');
    const again = await rbd('feature', 'enable', 'image-pool/image-2', 'journaling');
    expect(again).toEqual({
      code: 22, stdout: '',
      stderr: 'rbd: failed to update image features: (22) Invalid argument: one or more requested features are already enabled\n',
    });
    expect(await rbd('feature', 'disable', 'image-pool/image-2', 'journaling')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect((await jsonA('info', 'image-pool/image-2')).mirroring).toMatchObject({ mode: 'snapshot', state: 'enabled', primary: true });
  });

  test('object-map and fast-diff travel together; several features in one call', async () => {
    await okA('create', '--size', '8M', '--image-feature', 'layering', 'image-pool/f');
    await okA('feature', 'enable', 'image-pool/f', 'exclusive-lock', 'object-map');
    expect(await features('image-pool/f')).toEqual(['layering', 'exclusive-lock', 'object-map', 'fast-diff']);
    await okA('feature', 'disable', 'image-pool/f', 'object-map');
    expect(await features('image-pool/f')).toEqual(['layering', 'exclusive-lock']);
    await okA('feature', 'enable', 'image-pool/f', 'fast-diff');
    expect(await features('image-pool/f')).toEqual(['layering', 'exclusive-lock', 'object-map', 'fast-diff']);
    await okA('feature', 'disable', 'image-pool/f', 'fast-diff', 'object-map,exclusive-lock');
    expect(await features('image-pool/f')).toEqual(['layering']);
  });

  const bad: [string, string[], number, string][] = [
    ['journaling needs exclusive-lock', ['feature', 'enable', 'image-pool/f', 'journaling'], 22,
      'rbd: failed to update image features: (22) Invalid argument: cannot enable journaling. exclusive-lock must be enabled before enabling journaling.\n'],
    ['object-map needs exclusive-lock', ['feature', 'enable', 'image-pool/f', 'object-map'], 22,
      'rbd: failed to update image features: (22) Invalid argument: cannot enable object-map. exclusive-lock must be enabled before enabling object-map.\n'],
    ['exclusive-lock kept while journaling is on', ['feature', 'disable', 'image-pool/image-4', 'exclusive-lock'], 22,
      'rbd: failed to update image features: (22) Invalid argument: cannot disable exclusive-lock. object-map or journaling must be disabled before disabling exclusive-lock.\n'],
    ['immutable feature', ['feature', 'enable', 'image-pool/f', 'layering'], 22,
      'rbd: failed to update image features: (22) Invalid argument: cannot update immutable features\n'],
    ['deep-flatten cannot be enabled', ['feature', 'enable', 'image-pool/f', 'deep-flatten'], 22,
      'rbd: failed to update image features: (22) Invalid argument: cannot update immutable features\n'],
    ['already disabled', ['feature', 'disable', 'image-pool/f', 'journaling'], 22,
      'rbd: failed to update image features: (22) Invalid argument: one or more requested features are already disabled\n'],
    ['no feature named', ['feature', 'enable', 'image-pool/f'], 22, 'rbd: at least one feature name must be specified\n'],
    ['unknown feature', ['feature', 'disable', 'image-pool/f', 'teleport'], 1, "rbd: the argument for option '--features' is invalid\n"],
    ['missing image', ['feature', 'enable', 'image-pool/nosuch', 'journaling'], 2, 'rbd: error opening image nosuch: (2) No such file or directory\n'],
    ['no image', ['feature', 'enable'], 22, 'rbd: image name was not specified\n'],
    ['snapshot part', ['feature', 'enable', 'image-pool/f@s', 'journaling'], 22, "rbd: snapshot name specified for a command that doesn't use it\n"],
  ];
  test.each(bad)('refused: %s (store unchanged)', async (_name, args, code, stderr) => {
    const before = storeDigest(home);
    expect(await rbd(...args)).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});

describe('mirroring at creation and through features', () => {
  test('in a pool-mode pool an image created with journaling is mirrored automatically; one without is not', async () => {
    await okA('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', 'pool-2/pm-journal');
    await okA('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock', 'pool-2/pm-plain');
    const info = await jsonA('info', 'pool-2/pm-journal');
    expect(info.mirroring).toEqual({ mode: 'journal', state: 'enabled', global_id: info.mirroring.global_id, primary: true });
    expect(info.mirroring.global_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await mirroringLines('pool-2/pm-journal')).toBe([
      '\tmirroring state: enabled', '\tmirroring mode: journal',
      `\tmirroring global id: ${info.mirroring.global_id}`, '\tmirroring primary: true',
    ].join('\n'));
    expect(await jsonA('info', 'pool-2/pm-plain')).not.toHaveProperty('mirroring');
  });

  test('in a pool-mode pool, feature enable journaling mirrors the image and disable unmirrors it', async () => {
    await okA('feature', 'enable', 'pool-2/pm-plain', 'journaling');
    expect((await jsonA('info', 'pool-2/pm-plain')).mirroring).toMatchObject({ mode: 'journal', state: 'enabled', primary: true });
    await okA('feature', 'disable', 'pool-2/pm-plain', 'journaling');
    const info = await jsonA('info', 'pool-2/pm-plain');
    expect(info.features).toEqual(['layering', 'exclusive-lock']);
    expect(info).not.toHaveProperty('mirroring');
  });

  test('--mirror-image-mode enables mirroring at creation in an image-mode pool', async () => {
    await okA('create', '--size', '8M', '--mirror-image-mode', 'snapshot', 'image-pool/snap-at-create');
    const info = await jsonA('info', 'image-pool/snap-at-create');
    expect(info).toMatchObject({ snapshot_count: 1, mirroring: { mode: 'snapshot', state: 'enabled', primary: true } });
    await okA('create', '--size', '8M', '--mirror-image-mode', 'journal', 'image-pool/journal-at-create');
    const j = await jsonA('info', 'image-pool/journal-at-create');
    expect(j.features).toContain('journaling');
    expect(j.mirroring).toMatchObject({ mode: 'journal', state: 'enabled', primary: true });
  });

  test('--mirror-image-mode in a pool-mode pool is refused and creates nothing', async () => {
    const before = storeDigest(home);
    expect(await rbd('create', '--size', '8M', '--mirror-image-mode', 'snapshot', 'pool-2/nope')).toEqual({
      code: 22, stdout: '',
      stderr: 'rbd: create error: (22) Invalid argument: cannot enable mirroring: pool is not in image mirror mode\n',
    });
    expect(storeDigest(home)).toBe(before);
  });

  test('rm of a primary mirrored image disables its mirroring and removes it', async () => {
    await okA('create', '--size', '8M', '--mirror-image-mode', 'snapshot', 'image-pool/primary-gone');
    expect(await rbd('rm', '--no-progress', 'image-pool/primary-gone')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await okA('ls', 'image-pool')).not.toContain('primary-gone');
    expect(await rbd('rm', '--no-progress', 'pool-2/pm-journal')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('rm of a non-primary (demoted) image fails EINVAL with librbd\'s message and keeps it', async () => {
    await okA('create', '--size', '8M', '--mirror-image-mode', 'snapshot', 'image-pool/demoted');
    await okA('mirror', 'image', 'demote', 'image-pool/demoted');
    const info = await jsonA('info', 'image-pool/demoted');
    expect(info.mirroring).toMatchObject({ mode: 'snapshot', state: 'enabled', primary: false });
    const before = storeDigest(home);
    expect(await rbd('rm', 'image-pool/demoted')).toEqual({
      code: 22, stdout: '',
      stderr: '' +
        'rbd: delete error: (22) Invalid argument: mirrored image is not primary, add force option to disable mirroring\n',
    });
    expect(storeDigest(home)).toBe(before);
  });

  test('a non-primary snapshot-mode copy lists the non-primary feature (as rbd-mirror creates it)', async () => {
    await okA('create', '--size', '64M', '--mirror-image-mode', 'snapshot', 'image-pool/copy');
    // what rbd-mirror leaves on the secondary: the non-primary feature and a non-primary mirror snapshot
    const db = new LocalFixtures(`${home}/site-a`);
    db.addFeatureBits('copy', 1024);
    db.addNonPrimarySnapshot(db.imageId('copy'), { id: 99, name: '.mirror.non_primary.x.y', complete: true, primaryMirrorUuid: 'u', primarySnapId: 12, lastCopiedObject: 16 });
    db.close();
    const plain = await okA('info', 'image-pool/copy');
    expect(plain).toContain('\tfeatures: layering, exclusive-lock, object-map, fast-diff, deep-flatten, non-primary\n');
    expect(plain).toContain('\tmirroring mode: snapshot\n');
    expect(plain).toMatch(/\tmirroring primary: false\n$/);
    expect((await jsonA('info', 'image-pool/copy')).features.at(-1)).toBe('non-primary');
  });
});
