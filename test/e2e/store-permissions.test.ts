// Files that hold keys are 0600 and their directories 0700; keys print only with --all.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createPool, ok, tempHome } from '../helpers/rbd.js';

test('cluster directories are 0700 and the store and its WAL files 0600', async () => {
  const home = tempHome();
  await createPool(home, 'site-a', 'image-pool');
  await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'enable', 'image-pool', 'image']);
  const token = await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool']);
  const key = JSON.parse(Buffer.from(token, 'base64').toString()).key as string;
  expect(statSync(join(home, 'site-a')).mode & 0o777).toBe(0o700);
  expect(statSync(join(home, 'site-a', 'cluster.db')).mode & 0o777).toBe(0o600);
  // the bootstrap key never shows without --all
  await createPool(home, 'site-b', 'image-pool');
  await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], { stdin: token });
  const plain = await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'info', 'image-pool']);
  const json = await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'info', 'image-pool', '--format', 'json']);
  expect(plain).not.toContain(key);
  expect(json).not.toContain(key);
  expect(await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'info', '--all', 'image-pool'])).toContain(`Key: ${key}`);
});
