// `create | import -` through a real shell pipe: both processes start at once, so import must
// wait for the token instead of reading an empty pipe.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { createPool, childEnv, ok, okJson, RBD_BIN, tempHome } from '../helpers/rbd.js';

test('bootstrap token piped between two concurrently started rbd processes', async () => {
  const home = tempHome();
  for (const site of ['site-a', 'site-b']) {
    await createPool(home, site, 'image-pool');
    await ok(home, ['--cluster', site, 'mirror', 'pool', 'enable', '--site-name', site, 'image-pool', 'image']);
  }
  const rbd = `"${process.execPath}" "${RBD_BIN}"`;
  // the writer sleeps first, so the reader is certainly waiting on an empty pipe
  const r = spawnSync('bash', ['-c',
    `(sleep 0.5; ${rbd} --cluster site-a mirror pool peer bootstrap create image-pool) | ${rbd} --cluster site-b mirror pool peer bootstrap import image-pool -`],
  { env: childEnv(home), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const info = await okJson(home, ['--cluster', 'site-b', 'mirror', 'pool', 'info', 'image-pool']);
  expect(info.peers).toMatchObject([{ site_name: 'site-a', direction: 'rx-tx' }]);
});
