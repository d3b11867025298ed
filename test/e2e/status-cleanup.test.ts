// Issue 11 defect: peer-site status records leaked after `rbd rm` of the primary (the other
// site's daemon kept writing its record into the primary's store) and after disabling mirroring
// while the daemons were stopped. Ceph removes an image's status_global and remote-status keys
// with its mirror record; these are Ceph's omap-cleanup checks, on the store itself.
import { join } from 'node:path';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { expect, test } from 'vitest';
import { peerTwoSites, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { ok, okJson } from '../helpers/rbd.js';
import { twoSiteDaemons } from '../helpers/two-site-daemons.js';

const t = twoSiteDaemons('rbdm-status-gc-', { peer: false });
let daemons: DaemonHandle[] = [];

const rbd = (site: string, ...args: string[]) => ok(t.home, ['--cluster', site, ...args]);
/** Status rows of every site's store for one global image id. */
function statusRows(globalId: string): number {
  let n = 0;
  for (const site of ['site-a', 'site-b']) {
    const db = new LocalFixtures(join(t.home, site));
    try {
      n += db.statusRecordCount(globalId);
    } finally {
      db.close();
    }
  }
  return n;
}

async function replicatedImage(mode: 'journal' | 'snapshot'): Promise<string> {
  await peerTwoSites(t.home, 'rx-tx');
  await rbd('site-a', 'create', '--size', '4M', '--image-feature', 'exclusive-lock,journaling', 'image-pool/img');
  await rbd('site-a', 'mirror', 'image', 'enable', 'image-pool/img', mode);
  daemons = [t.start('site-a'), t.start('site-b')];
  await waitFor(async () => (await okJson(t.home, ['--cluster', 'site-a', 'mirror', 'image', 'status', 'image-pool/img']))
    .peer_sites?.[0]?.state === 'up+replaying', 60_000, 'site-b replaying, as seen from site-a');
  return (await okJson(t.home, ['--cluster', 'site-a', 'mirror', 'image', 'status', 'image-pool/img'])).global_id as string;
}

for (const mode of ['journal', 'snapshot'] as const) {
  test(`${mode}: rbd rm of the primary leaves no status record on either site`, async () => {
    const globalId = await replicatedImage(mode);
    expect(statusRows(globalId)).toBeGreaterThan(0);
    await rbd('site-a', 'rm', 'image-pool/img');
    await waitFor(async () => !(await rbd('site-b', 'ls', 'image-pool')).includes('img'), 60_000, 'site-b deletes its copy');
    await waitFor(() => statusRows(globalId) === 0, 30_000, 'no status rows left');
    // and none come back while both daemons keep running
    for (let i = 0; i < 5; i++) {
      expect((await okJson(t.home, ['--cluster', 'site-a', 'mirror', 'pool', 'status', 'image-pool'])).summary.states).toEqual({});
    }
    expect(statusRows(globalId)).toBe(0);
  }, 150_000);
}

test('disable while the daemons are stopped: the restarted daemons clean up', async () => {
  const globalId = await replicatedImage('journal');
  await Promise.all(daemons.map((d) => d.stop()));
  await rbd('site-a', 'mirror', 'image', 'disable', 'image-pool/img');
  daemons = [t.start('site-a'), t.start('site-b')];
  await waitFor(async () => !(await rbd('site-b', 'ls', 'image-pool')).includes('img'), 60_000, 'site-b deletes its copy');
  await waitFor(() => statusRows(globalId) === 0, 30_000, 'no status rows left');
}, 150_000);
