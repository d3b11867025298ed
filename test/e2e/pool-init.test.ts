// `rbd pool init` only initialises a pool that `ceph osd pool create` made, as on Ceph, and
// registers it to rbd; `ceph osd pool application enable` with the monitor's rules.
import { describe, expect, test } from 'vitest';
import { cephIn, createPool, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

describe('rbd pool init on the local backend', () => {
  const home = tempHome('rbdm-pool-init-');
  const rbd = (...args: string[]) => rbdIn(home, ['--cluster', 'site-a', ...args]);
  const ceph = (...args: string[]) => cephIn(home, ['--cluster', 'site-a', ...args]);

  test('a cluster that does not exist: one line naming the command that creates it, nothing created', async () => {
    expect(await rbd('pool', 'init', 'image-pool')).toMatchObject({ code: 2, stdout: '' });
    expect((await rbd('pool', 'init', 'image-pool')).stderr).toMatch(
      /^rbd: couldn't connect to the cluster 'site-a': no local cluster at \S+ \(create one with 'ceph --cluster site-a osd pool create <pool>'\)\n$/);
    expect((await ceph('fsid')).code).toBe(2);
  });

  test('a pool that does not exist: real rbd\'s line (errno 2) with the command appended, the store unchanged', async () => {
    await createPool(home, 'site-a', 'image-pool');
    const before = storeDigest(home);
    expect(await rbd('pool', 'init', 'other')).toEqual({
      code: 2, stdout: '',
      stderr: "rbd: error opening pool 'other': (2) No such file or directory (create it with: ceph osd pool create other)\n",
    });
    expect(storeDigest(home)).toBe(before);
    expect((await ceph('osd', 'pool', 'ls')).stdout).toBe('image-pool\n');
  });

  test('pool init enables application rbd: a second application then needs --yes-i-really-mean-it', async () => {
    expect(await ceph('osd', 'pool', 'application', 'enable', 'image-pool', 'rbd')).toEqual({
      code: 0, stdout: '', stderr: "enabled application 'rbd' on pool 'image-pool'\n",
    });
    expect(await ceph('osd', 'pool', 'application', 'enable', 'image-pool', 'cephfs')).toEqual({
      code: 1, stdout: '',
      stderr: "Error EPERM: Are you SURE? Pool 'image-pool' already has an enabled application; pass --yes-i-really-mean-it to proceed anyway\n",
    });
    expect((await ceph('osd', 'pool', 'application', 'enable', 'image-pool', 'cephfs', '--yes-i-really-mean-it')).code).toBe(0);
    expect((await rbd('pool', 'init', 'image-pool')).code).toBe(0);         // again: nothing to do
  });

  test('a pool of another application: rbd\'s warning, exit 0, nothing changed; --force registers it', async () => {
    expect((await ceph('osd', 'pool', 'create', 'fs-pool')).stderr).toBe("pool 'fs-pool' created\n");
    expect((await ceph('osd', 'pool', 'application', 'enable', 'fs-pool', 'cephfs')).code).toBe(0);
    const before = storeDigest(home);
    expect(await rbd('pool', 'init', 'fs-pool')).toEqual({ code: 0, stdout: '', stderr: 'rbd: pool already registered to a different application.\n' });
    expect(storeDigest(home)).toBe(before);
    expect(await rbd('pool', 'init', '--force', 'fs-pool')).toEqual({ code: 0, stdout: '', stderr: '' });
    // rbd is enabled now: enabling it again needs no confirmation
    expect((await ceph('osd', 'pool', 'application', 'enable', 'fs-pool', 'rbd')).code).toBe(0);
  });

  test('application enable of a missing pool: the monitor\'s ENOENT', async () => {
    expect(await ceph('osd', 'pool', 'application', 'enable', 'nosuch', 'rbd')).toEqual({
      code: 2, stdout: '', stderr: "Error ENOENT: unrecognized pool 'nosuch'\n",
    });
  });
});
