// The seed guide's "Add Cluster Peer Manually" and "rbd-mirror Daemon" sections on two local
// clusters, commands as written: users made with `ceph auth get-or-create`, a manual peer,
// `ceph -s` showing the daemon. Plus the per-cluster ceph.conf that rbd, ceph and rbd-mirror read.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { cephIn, childEnv, ok, RBD_BIN, rbdIn, runBin, tempHome } from '../helpers/rbd.js';

describe('seed guide with ceph auth on local clusters', () => {
  const home = tempHome('rbdm-seed-');
  const ceph = (cluster: string, ...args: string[]) => cephIn(home, ['--cluster', cluster, ...args]);
  const rbd = (cluster: string, ...args: string[]) => ok(home, ['--cluster', cluster, ...args]);
  const daemons: DaemonHandle[] = [];
  afterAll(async () => { for (const d of daemons) await d.stop(); });

  test('peer user from ceph auth get-or-create: the daemon authenticates and replays', async () => {
    for (const site of ['site-a', 'site-b']) {
      expect((await ceph(site, 'osd', 'pool', 'create', 'image-pool')).code).toBe(0);
      await rbd(site, 'pool', 'init', 'image-pool');
      await rbd(site, 'mirror', 'pool', 'enable', '--site-name', site, 'image-pool', 'image');
      const user = await ceph(site, 'auth', 'get-or-create', 'client.rbd-mirror-peer', 'mon', 'profile rbd-mirror-peer', 'osd', 'profile rbd');
      expect(user.stdout).toMatch(/^\[client\.rbd-mirror-peer\]\n\tkey = \S+\n$/);
      // the peer's keyring where Ceph's keyring search finds it for that cluster (/etc/ceph/<cluster>.<client>.keyring;
      // a local cluster's config directory is its own): a peer added without a key authenticates with it
      const file = join(home, site, `${site}.client.rbd-mirror-peer.keyring`);
      expect((await ceph(site, 'auth', 'get', 'client.rbd-mirror-peer', '-o', file)).code).toBe(0);
      const daemonUser = await ceph(site, 'auth', 'get-or-create', 'client.rbd-mirror.a', 'mon', 'profile rbd-mirror', 'osd', 'profile rbd');
      expect(daemonUser.code).toBe(0);
    }
    await rbd('site-a', 'mirror', 'pool', 'peer', 'add', 'image-pool', 'client.rbd-mirror-peer@site-b');
    await rbd('site-b', 'mirror', 'pool', 'peer', 'add', 'image-pool', 'client.rbd-mirror-peer@site-a');
    await rbd('site-b', 'create', '--size', '8M', '--image-feature', 'exclusive-lock,journaling', 'image-pool/image-1');
    await rbd('site-b', 'mirror', 'image', 'enable', 'image-pool/image-1', 'journal');
    daemons.push(startDaemon(home, 'site-a', { args: ['--id', 'rbd-mirror.a'] }));
    await waitFor(async () => /up\+replaying/.test((await rbdIn(home, ['--cluster', 'site-a', 'mirror', 'image', 'status', 'image-pool/image-1'])).stdout),
      60_000, 'site-a replaying image-1');
    const status = await ceph('site-a', '-s');
    expect(status.stdout).toContain('  services:\n    rbd-mirror: 1 daemon active (1 hosts)\n');
    const json = JSON.parse((await ceph('site-a', 'status', '--format', 'json')).stdout);
    expect(Object.values(json.servicemap.services['rbd-mirror'].daemons)).toMatchObject([{ metadata: { id: 'rbd-mirror.a' } }]);
  }, 120_000);

  test('ceph osd pool delete of a pool removes its peers and schedules with it', async () => {
    expect((await ceph('site-b', 'osd', 'pool', 'create', 'scratch')).code).toBe(0);
    await rbd('site-b', 'pool', 'init', 'scratch');
    await rbd('site-b', 'mirror', 'pool', 'enable', 'scratch', 'image');
    await rbd('site-b', 'mirror', 'pool', 'peer', 'add', 'scratch', 'client.rbd-mirror-peer@site-a');
    await rbd('site-b', 'mirror', 'snapshot', 'schedule', 'add', '--pool', 'scratch', '1h');
    expect((await ceph('site-b', 'osd', 'pool', 'delete', 'scratch', 'scratch', '--yes-i-really-really-mean-it')).code).toBe(0);
    expect(await rbd('site-b', 'mirror', 'snapshot', 'schedule', 'ls', '-R')).not.toContain('scratch');
    expect((await ceph('site-b', 'osd', 'pool', 'ls')).stdout).toBe('image-pool\n');
  });
});

describe('a local cluster\'s ceph.conf', () => {
  const home = tempHome('rbdm-conf-');
  const dir = join(home, 'lc');
  const conf = join(dir, 'ceph.conf');
  const rbd = (...args: string[]) => ok(home, args);

  test('made with the cluster, private, naming the cluster local', async () => {
    expect((await cephIn(home, ['--cluster', 'lc', 'osd', 'pool', 'create', 'p'])).code).toBe(0);
    expect(statSync(conf).mode & 0o777).toBe(0o600);
    const fsid = (await cephIn(home, ['--cluster', 'lc', 'fsid'])).stdout.trim();
    expect(readFileSync(conf, 'utf8')).toContain(`[global]\n\tfsid = ${fsid}\n\tmon host = local:${dir}\n`);
  });

  test('[global] < [client] < [client.<id>], spaces or underscores; the file beats the mon database', async () => {
    await rbd('--cluster', 'lc', 'pool', 'init', 'p');
    expect((await cephIn(home, ['--cluster', 'lc', 'osd', 'pool', 'create', 'data'])).code).toBe(0);
    await rbd('--cluster', 'lc', 'pool', 'init', 'data');
    writeFileSync(conf, readFileSync(conf, 'utf8') + [
      '[client]', '\trbd default features = 125   ; journaling too', '[client.other]', '    rbd_default_features = 1',
      '    rbd-default-data-pool = data', '',
    ].join('\n'));
    await rbd('--cluster', 'lc', 'create', '--size', '4M', 'p/i1');
    expect((await rbd('--cluster', 'lc', 'info', 'p/i1', '--format', 'json'))).toContain('"journaling"');
    await rbd('--cluster', 'lc', '--id', 'other', 'create', '--size', '4M', 'p/i2');
    const i2 = JSON.parse(await rbd('--cluster', 'lc', 'info', 'p/i2', '--format', 'json'));
    expect(i2).toMatchObject({ features: ['layering', 'data-pool'], data_pool: 'data' });
    // ceph config set for the client loses to the file, as on Ceph
    expect((await cephIn(home, ['--cluster', 'lc', 'config', 'set', 'client.other', 'rbd_default_features', '61'])).code).toBe(0);
    await rbd('--cluster', 'lc', '--id', 'other', 'create', '--size', '4M', 'p/i3');
    expect(JSON.parse(await rbd('--cluster', 'lc', 'info', 'p/i3', '--format', 'json')).features).toEqual(['layering', 'data-pool']);
    // a client section in the mon database applies where the file says nothing
    expect((await cephIn(home, ['--cluster', 'lc', 'config', 'set', 'client.third', 'rbd_default_features', '1'])).code).toBe(0);
    await rbd('--cluster', 'lc', '--id', 'third', 'create', '--size', '4M', 'p/i4');
    expect(JSON.parse(await rbd('--cluster', 'lc', 'info', 'p/i4', '--format', 'json')).features).toEqual(expect.arrayContaining(['journaling']));
  });

  test('-c and $CEPH_CONF reach the cluster by its mon host, under any --cluster name', async () => {
    const env = { RBDM_BACKEND: '' };
    expect((await rbdIn(home, ['-c', conf, 'ls', 'p'], { env })).stdout).toBe('i1\ni2\ni3\ni4\n');
    // childEnv drops an inherited CEPH_CONF; this run sets it on purpose
    const withConf = { ...childEnv(home), RBDM_BACKEND: '', CEPH_CONF: conf };
    expect((await runBin(RBD_BIN, ['--cluster', 'elsewhere', 'ls', 'p'], { env: withConf })).stdout).toBe('i1\ni2\ni3\ni4\n');
    expect((await cephIn(home, ['-c', conf, 'osd', 'pool', 'ls'], { env })).stdout).toBe('p\ndata\n');
    expect(existsSync(join(home, 'elsewhere'))).toBe(false);
  });
});
