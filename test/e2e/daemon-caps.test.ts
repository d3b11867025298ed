// Caps where the daemon and its peers use them (local backend): the daemon runs as client.<id>
// and needs that user; without `profile rbd-mirror` mon caps it cannot read the peer keys stored
// in the cluster (as Ceph's daemon), so each pool reports the peer's authentication failure; the
// peer user needs `profile rbd-mirror-peer` mon caps and `profile rbd` osd caps on the remote.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { peerTwoSites, startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { cephIn, okJson, tempHome } from '../helpers/rbd.js';

const home = tempHome('rbdm-daemon-caps-');
const ceph = async (cluster: string, ...args: string[]) => {
  const r = await cephIn(home, ['--cluster', cluster, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r;
};
const daemons: DaemonHandle[] = [];
const CONNECT = 'unable to connect to remote cluster';
const callouts = async () => (await okJson(home, ['--cluster', 'site-b', 'mirror', 'pool', 'status', '--verbose', 'image-pool']))
  .daemons?.[0]?.callouts as string[] | undefined;

beforeAll(async () => {
  await peerTwoSites(home, 'rx-only');                     // site-b pulls from site-a as client.rbd-mirror-peer
}, 120_000);
afterAll(async () => {
  await Promise.all(daemons.map((d) => d.kill()));
  rmSync(home, { recursive: true, force: true });
});

describe('the daemon\'s own user', () => {
  test('a user the cluster does not know: one line, exit 1, nothing registered', async () => {
    const d = startDaemon(home, 'site-b', { args: ['--id', 'nobody'] });
    expect(await d.exited()).toBe(1);
    expect(d.log()).toBe('rbd-mirror: unable to connect to local cluster site-b: authentication of client.nobody failed: (13) Permission denied\n');
    expect((await okJson(home, ['--cluster', 'site-b', 'mirror', 'pool', 'status', '--verbose', 'image-pool'])).daemons ?? []).toEqual([]);
  });

  test('mon caps `profile rbd`: the peer\'s stored key is unreadable, the pool reports the peer\'s auth failure', async () => {
    await ceph('site-b', 'auth', 'get-or-create', 'client.weak', 'mon', 'profile rbd', 'osd', 'profile rbd');
    const d = startDaemon(home, 'site-b', { args: ['--id', 'weak'] });
    daemons.push(d);
    await waitFor(async () => (await callouts())?.includes(CONNECT), 60_000, 'the weak daemon\'s callout');
    expect(d.log()).toMatch(/authentication of client\.rbd-mirror-peer failed: the peer's key is stored in the cluster but client\.weak's mon caps 'profile rbd' lack 'profile rbd-mirror' to read it, and no keyring file holds it: \(13\) Permission denied/);
    await d.stop();
  }, 120_000);
});

describe('the peer user on the remote', () => {
  test('without `profile rbd-mirror-peer` mon caps: EACCES; without osd `profile rbd`: EPERM; caps restored: replication resumes', async () => {
    await ceph('site-b', 'auth', 'get-or-create', 'client.rbd-mirror.b', 'mon', 'profile rbd-mirror', 'osd', 'profile rbd');
    const d = startDaemon(home, 'site-b', { args: ['--id', 'rbd-mirror.b'] });
    daemons.push(d);
    await waitFor(async () => (await callouts()) === undefined && (await okJson(home, ['--cluster', 'site-b', 'mirror', 'pool', 'status', '--verbose', 'image-pool'])).daemons?.length === 1,
      60_000, 'a healthy daemon');

    await ceph('site-a', 'auth', 'caps', 'client.rbd-mirror-peer', 'mon', 'profile rbd', 'osd', 'profile rbd');
    await waitFor(async () => (await callouts())?.includes(CONNECT), 60_000, 'the peer refused');
    expect(d.log()).toContain("client.rbd-mirror-peer may not act as an rbd-mirror peer: its mon caps 'profile rbd' lack 'profile rbd-mirror-peer': (13) Permission denied");

    await ceph('site-a', 'auth', 'caps', 'client.rbd-mirror-peer', 'mon', 'profile rbd-mirror-peer', 'osd', 'profile rbd-read-only');
    await waitFor(async () => /osd caps 'profile rbd-read-only' lack 'profile rbd': \(1\) Operation not permitted/.test(d.log()), 60_000, 'EPERM for the osd caps');

    await ceph('site-a', 'auth', 'caps', 'client.rbd-mirror-peer', 'mon', 'profile rbd-mirror-peer', 'osd', 'profile rbd');
    await waitFor(async () => (await callouts()) === undefined, 60_000, 'the callout cleared');
  }, 200_000);
});
