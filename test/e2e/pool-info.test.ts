import { describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

describe('mirror pool info on the local backend', () => {
  const home = tempHome();

  test('a new pool reports mirroring disabled in plain, JSON and XML', async () => {
    await createPool(home, 'site-a', 'image-pool');
    expect(await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool'])).toBe('Mode: disabled\n');
    expect(await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool', '--format', 'json', '--pretty-format']))
      .toBe('{\n    "mode": "disabled"\n}\n');
    expect(await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool', '--format', 'xml']))
      .toBe('<mirror><mode>disabled</mode></mirror>\n');
  });

  test('a missing pool fails with errno 2 and changes nothing', async () => {
    const before = storeDigest(home);
    const r = await rbdIn(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'no-such-pool']);
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" });
    expect(storeDigest(home)).toBe(before);
  });

  test('a cluster that was never created is ENOENT and is not created', async () => {
    const r = await rbdIn(home, ['--cluster', 'nowhere', 'mirror', 'pool', 'info', 'image-pool']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rbd: couldn't connect to the cluster 'nowhere'/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect((await import('node:fs')).existsSync(`${home}/nowhere`)).toBe(false);
  });
});
