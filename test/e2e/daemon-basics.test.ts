// rbd-mirror as a child process: registration and heartbeat (daemon health), status on both
// sites, clean stop (down+...), the tx-only peer an rx-only import gets on the remote, and a
// wrong peer key that is refused and never replicates anything.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { peerTwoSites, waitFor } from '../helpers/daemon.js';
import { twoSiteDaemons } from '../helpers/two-site-daemons.js';

// each test peers the sites its own way (or not at all)
const t = twoSiteDaemons('rbdm-daemon-e2e-', { peer: false });
const { A, B, rbd, json, bench, sha, start } = t;

const imageStatus = (site: string, image: string) => json('--cluster', site, 'mirror', 'image', 'status', `image-pool/${image}`);

test('two daemons: replaying on the secondary, primary on the primary, down after a clean stop', async () => {
  await peerTwoSites(t.home, 'rx-tx');
  await rbd('--cluster', 'site-a', 'create', '--size', '16M', 'image-pool/img');
  await rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/img', 'snapshot');
  const daemons = [start('site-a'), start('site-b')];

  const b = await waitFor(async () => {
    const s = await imageStatus('site-b', 'img');
    return s.state === 'up+replaying' && s.peer_sites?.[0]?.state === 'up+stopped' ? s : undefined;
  }, 20_000, 'site-b up+replaying');
  expect(b.description).toMatch(/^replaying, \{"bytes_per_second":[\d.]+,"bytes_per_snapshot":[\d.]+,.*"replay_state":"idle"\}$/);
  expect(b.peer_sites[0]).toMatchObject({ site_name: 'site-a', description: 'local image is primary' });
  const a = await imageStatus('site-a', 'img');
  expect(a).toMatchObject({ state: 'up+stopped', description: 'local image is primary' });
  expect(a.daemon_service).toMatchObject({ daemon_id: 'admin' });
  expect(a.peer_sites[0]).toMatchObject({ site_name: 'site-b', state: 'up+replaying' });

  const pool = await json('--cluster', 'site-b', 'mirror', 'pool', 'status', '--verbose', 'image-pool');
  expect(pool.summary).toMatchObject({ health: 'OK', daemon_health: 'OK', image_health: 'OK' });
  expect(pool.daemons[0]).toMatchObject({ client_id: 'admin', leader: true, health: 'OK' });

  // each daemon registered its pool mirror uuid in the other site's peer entry
  const infoA = await json('--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool');
  const infoB = await json('--cluster', 'site-b', 'mirror', 'pool', 'info', 'image-pool');
  expect(infoA.peers[0].mirror_uuid).toMatch(/^[0-9a-f-]{36}$/);
  expect(infoB.peers[0].mirror_uuid).toMatch(/^[0-9a-f-]{36}$/);
  expect(await rbd('--cluster', 'site-b', 'ls', 'image-pool')).toBe('img\n');

  expect(await daemons[1]!.stop()).toBe(0);
  const down = await imageStatus('site-b', 'img');
  expect(down.state).toBe('down+replaying');
  expect(down.daemon_service).toBeUndefined();
  const after = await json('--cluster', 'site-b', 'mirror', 'pool', 'status', 'image-pool');
  expect(after.summary.daemon_health).not.toBe('OK');
});

test('rx-only import: the daemon registers a tx-only peer on the remote and replicates one way', async () => {
  await peerTwoSites(t.home, 'rx-only');
  await rbd('--cluster', 'site-a', 'create', '--size', '8M', 'image-pool/one');
  await rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/one', 'snapshot');
  expect((await json('--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool')).peers).toEqual([]);
  start('site-b');
  const peers = await waitFor(async () => {
    const p = (await json('--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool')).peers;
    return p.length === 1 && p[0].mirror_uuid ? p : undefined;
  }, 20_000, 'tx-only peer on site-a');
  expect(peers[0]).toMatchObject({ direction: 'tx-only', site_name: 'site-b', client_name: '' });
  await waitFor(async () => (await imageStatus('site-b', 'one')).state === 'up+replaying', 20_000, 'one replaying');
  await bench(A, 'one', '1M');
  const snap = Number(/Snapshot ID: (\d+)/.exec(await rbd('--cluster', 'site-a', 'mirror', 'image', 'snapshot', 'image-pool/one'))![1]);
  await waitFor(async () => (await json('--cluster', 'site-b', 'snap', 'ls', '--all', 'image-pool/one'))
    .some((s: any) => s.namespace?.primary_snap_id === snap && s.namespace.complete), 20_000, 'snapshot copied');
  expect(await sha(B, 'one')).toBe(await sha(A, 'one'));
  // the rx-only side keeps an empty mirror uuid for its peer: no daemon pulls from it
  expect((await json('--cluster', 'site-b', 'mirror', 'pool', 'info', 'image-pool')).peers[0].mirror_uuid).toBe('');
});

test('a wrong peer key is refused: error callout, log line, nothing replicated', async () => {
  await peerTwoSites(t.home, 'rx-tx');
  const uuid = (await json('--cluster', 'site-b', 'mirror', 'pool', 'info', 'image-pool')).peers[0].uuid as string;
  const keyFile = join(t.home, 'wrong.key');
  writeFileSync(keyFile, 'AQBk6AZrQCmGGhAAGT0Ey3P30S0Cl7+LDc+EUg==\n');
  await rbd('--cluster', 'site-b', 'mirror', 'pool', 'peer', 'set', 'image-pool', uuid, 'key-file', keyFile);
  await rbd('--cluster', 'site-a', 'create', '--size', '8M', 'image-pool/secret');
  await rbd('--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/secret', 'snapshot');
  const d = start('site-b');
  const pool = await waitFor(async () => {
    const p = await json('--cluster', 'site-b', 'mirror', 'pool', 'status', '--verbose', 'image-pool');
    return p.daemons?.[0]?.callouts?.includes('unable to connect to remote cluster') ? p : undefined;
  }, 20_000, 'error callout');
  expect(pool.daemons[0].callouts).toEqual(['unable to connect to remote cluster']);
  expect(pool.daemons[0].health).toBe('ERROR');
  expect(d.log()).toMatch(/unable to connect to remote cluster: authentication of client\.rbd-mirror-peer failed/);
  // a few more polls: still nothing on site-b, nothing written into site-a
  await waitFor(() => (d.log().match(/pool_replayer/g) ?? []).length >= 1, 5000, 'log');
  expect(await rbd('--cluster', 'site-b', 'ls', 'image-pool')).toBe('');
  expect((await json('--cluster', 'site-a', 'mirror', 'pool', 'info', 'image-pool')).peers[0].mirror_uuid).toBe('');
  expect((await imageStatus('site-a', 'secret')).peer_sites ?? []).toEqual([]);
});

test('rbd-mirror --help prints real rbd-mirror usage; a bad option exits 1', async () => {
  const { runBin } = await import('../helpers/rbd.js');
  const { RBD_MIRROR_BIN } = await import('../helpers/daemon.js');
  const help = await runBin(RBD_MIRROR_BIN, ['--help'], { home: t.home });
  expect(help.code).toBe(0);
  expect(help.stdout.split('\n').slice(0, 3)).toEqual(['usage: rbd-mirror [options...]', 'options:', '  -m monaddress[:port]      connect to specified monitor']);
  expect(help.stdout).toContain('  -f                run in foreground, log to usual location\n');
  const bad = await runBin(RBD_MIRROR_BIN, ['--bogus'], { home: t.home });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^rbd-mirror: unrecognized argument: --bogus\n/);
});

test('SIGINT stops the daemon cleanly and removes it from the service map', async () => {
  await peerTwoSites(t.home, 'rx-tx');
  const d = start('site-b');
  await waitFor(async () => (await json('--cluster', 'site-b', 'mirror', 'pool', 'status', 'image-pool')).summary.daemon_health === 'OK', 20_000, 'daemon OK');
  d.child.kill('SIGINT');
  expect(await d.exited()).toBe(0);
  expect(d.log()).toMatch(/caught SIGINT, shutting down/);
  const verbose = await json('--cluster', 'site-b', 'mirror', 'pool', 'status', '--verbose', 'image-pool');
  expect(verbose.daemons ?? []).toEqual([]);
});

test('a local cluster that does not exist: one line rbd-mirror: ... and exit 1, nothing created', async () => {
  const { existsSync } = await import('node:fs');
  const d = start('no-such-cluster');
  expect(await d.exited()).toBe(1);
  expect(d.log()).toMatch(/^rbd-mirror: unable to connect to local cluster no-such-cluster: [^\n]*\n$/);
  expect(existsSync(join(t.home, 'no-such-cluster'))).toBe(false);
});
