// Issue 11 defect: with mirrored namespaces in a pool, a peer's mirror uuid was overwritten by a
// namespace's, so the primary lost either the pool's or the namespace's peer-site statuses
// (`down+unknown`, `status not found` while the peer replays). rbd-mirror runs every namespace
// of a pool under the pool's mirror uuid; both images must show the peer up+replaying at once.
import { afterAll, expect, test } from 'vitest';
import { startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { createPool, ok, okJson, tempHome } from '../helpers/rbd.js';

const home = tempHome('rbdm-ns-uuid-');
const daemons: DaemonHandle[] = [];
afterAll(async () => { for (const d of daemons) await d.stop(); });

const rbd = (cluster: string, ...args: string[]) => ok(home, ['--cluster', cluster, ...args]);

test('pool and namespace images both show the peer site up+replaying on the primary', async () => {
  for (const site of ['site-a', 'site-b']) {
    await createPool(home, site, 'p');
    await rbd(site, 'namespace', 'create', 'p/ns1');
    await rbd(site, 'mirror', 'pool', 'enable', '--site-name', site, 'p', 'image');
    await rbd(site, 'mirror', 'pool', 'enable', 'p/ns1', 'image');
  }
  const token = await rbd('site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'create', 'p');
  await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'p', '-'], { stdin: token });
  for (const spec of ['p/img', 'p/ns1/img']) {
    await rbd('site-a', 'create', '--size', '4M', '--image-feature', 'exclusive-lock,journaling', spec);
    await rbd('site-a', 'mirror', 'image', 'enable', spec, 'journal');
  }
  daemons.push(startDaemon(home, 'site-a'), startDaemon(home, 'site-b'));
  const peerState = async (spec: string) =>
    (await okJson(home, ['--cluster', 'site-a', 'mirror', 'image', 'status', spec])).peer_sites?.[0]?.state as string | undefined;
  await waitFor(async () => (await peerState('p/img')) === 'up+replaying' && (await peerState('p/ns1/img')) === 'up+replaying',
    90_000, 'both images replaying as seen from the primary');
  // and it stays so: the namespace replayer's next ping does not take the peer entry over
  const infoB = await okJson(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'p', '--all']);
  const uuid = infoB.peers[0].mirror_uuid as string;
  for (let i = 0; i < 5; i++) {
    expect([await peerState('p/img'), await peerState('p/ns1/img')]).toEqual(['up+replaying', 'up+replaying']);
    expect((await okJson(home, ['--cluster', 'site-a', 'mirror', 'pool', 'info', 'p', '--all'])).peers[0].mirror_uuid).toBe(uuid);
  }
}, 150_000);
