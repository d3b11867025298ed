// Several rbd-mirror daemons of one cluster share a pool's images (Ceph's image map): the leader
// spreads the images over the live instances, each replays its share and reports it (`mirror pool
// status --verbose` names the daemon per image); when one dies, the survivor takes its images over.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportSha, peerTwoSites, startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { cephIn, ok, okJson, tempHome } from '../helpers/rbd.js';

const IMAGES = ['img-0', 'img-1', 'img-2', 'img-3', 'img-4', 'img-5'];
const home = tempHome('rbdm-image-map-');
const rbd = (...args: string[]) => ok(home, args);
const A = ['--cluster', 'site-a'];
const B = ['--cluster', 'site-b'];
let daemons: DaemonHandle[] = [];

interface PoolStatus {
  daemons: Array<{ service_id: string; client_id: string; leader: boolean }>;
  images: Array<{ name: string; state: string; daemon_service?: { service_id: string; daemon_id: string } }>;
}
const poolStatus = () => okJson<PoolStatus>(home, [...B, 'mirror', 'pool', 'status', '--verbose', 'image-pool']);

/** Every image up+replaying on site-b with its snapshot copied; returns image → reporting daemon id. */
async function allReplaying(what: string, only?: string): Promise<Map<string, string>> {
  return waitFor(async (): Promise<Map<string, string> | false> => {
    const s = await poolStatus();
    if (s.images.length !== IMAGES.length || !s.images.every((i) => i.state === 'up+replaying' && i.daemon_service)) return false;
    const owners = new Map(s.images.map((i) => [i.name, i.daemon_service!.daemon_id]));
    if (only && [...owners.values()].some((o) => o !== only)) return false;
    return owners;
  }, 90_000, what) as Promise<Map<string, string>>;
}

async function sameData(): Promise<void> {
  for (const img of IMAGES) {
    const spec = `image-pool/${img}`;
    await waitFor(async () => (await exportSha(home, 'site-a', spec)) === (await exportSha(home, 'site-b', spec)), 60_000, `${img} equal on both sites`);
  }
}

beforeAll(async () => {
  await peerTwoSites(home, 'rx-only');
  for (const id of ['rbd-mirror.a', 'rbd-mirror.b']) {
    const r = await cephIn(home, [...B, 'auth', 'get-or-create', `client.${id}`, 'mon', 'profile rbd-mirror', 'osd', 'profile rbd']);
    expect(r.code, r.stderr).toBe(0);
  }
  for (const img of IMAGES) {
    await rbd(...A, 'create', '--size', '4M', `image-pool/${img}`);
    await rbd(...A, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '64K', '--io-pattern', 'rand', `image-pool/${img}`);
    await rbd(...A, 'mirror', 'image', 'enable', `image-pool/${img}`, 'snapshot');
  }
}, 180_000);
afterAll(async () => {
  await Promise.all(daemons.map((d) => d.kill()));
  rmSync(home, { recursive: true, force: true });
});

describe('two daemons on one cluster', () => {
  test('both replay a share of the images, all converge; the survivor of a kill takes the rest over', async () => {
    daemons = [startDaemon(home, 'site-b', { args: ['--id', 'rbd-mirror.a'] }), startDaemon(home, 'site-b', { args: ['--id', 'rbd-mirror.b'] })];
    await waitFor(async () => (await poolStatus()).daemons.length === 2, 60_000, 'both daemons in mirror pool status');
    const owners = await waitFor(async (): Promise<Map<string, string> | false> => {
      const o = await allReplaying('all images replaying');
      return new Set(o.values()).size === 2 ? o : false;
    }, 120_000, 'images spread over both daemons') as Map<string, string>;
    const counts = [...new Set(owners.values())].map((d) => [...owners.values()].filter((o) => o === d).length);
    expect(counts.sort()).toEqual([3, 3]);                  // balanced: 6 images, 2 instances
    const status = await poolStatus();
    expect(status.daemons.map((d) => d.client_id).sort()).toEqual(['rbd-mirror.a', 'rbd-mirror.b']);
    expect(status.daemons.filter((d) => d.leader)).toHaveLength(1);
    await sameData();

    // the daemon replaying img-0 dies: its images move to the other one, new data still arrives
    const victim = owners.get('img-0')!;
    const survivor = victim === 'rbd-mirror.a' ? 'rbd-mirror.b' : 'rbd-mirror.a';
    await daemons[victim === 'rbd-mirror.a' ? 0 : 1]!.kill();
    for (const img of IMAGES) {
      await rbd(...A, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '32K', '--io-pattern', 'rand', `image-pool/${img}`);
      await rbd(...A, 'mirror', 'image', 'snapshot', `image-pool/${img}`);
    }
    await allReplaying(`every image reported by ${survivor}`, survivor);
    await sameData();
  }, 400_000);
});
