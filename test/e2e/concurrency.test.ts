// Many rbd processes mutating one cluster at once: every update lands, nothing is corrupted.
import { describe, expect, test } from 'vitest';
import { cephIn, createPool, ok, okJson, rbdIn, tempHome } from '../helpers/rbd.js';
import { scaled } from '../helpers/slow.js';

const PARALLEL = 16;

describe('concurrent rbd processes on one local cluster', () => {
  const home = tempHome();
  const c = ['--cluster', 'site-a'];

  test(`${PARALLEL} parallel creates and ${PARALLEL} parallel snapshots of one image all land`, async () => {
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, [...c, 'create', '--size', '8M', 'image-pool/shared']);

    const creates = Array.from({ length: PARALLEL }, (_, i) => rbdIn(home, [...c, 'create', '--size', '8M', `image-pool/img-${i}`]));
    const snaps = Array.from({ length: PARALLEL }, (_, i) => rbdIn(home, [...c, 'snap', 'create', `image-pool/shared@s${i}`]));
    const results = await Promise.all([...creates, ...snaps]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);

    const images = await okJson<string[]>(home, [...c, 'ls', 'image-pool']);
    expect(images.sort()).toEqual(['shared', ...Array.from({ length: PARALLEL }, (_, i) => `img-${i}`)].sort());

    const listed = await okJson<{ id: number; name: string }[]>(home, [...c, 'snap', 'ls', 'image-pool/shared']);
    expect(listed.map((s) => s.name).sort()).toEqual(Array.from({ length: PARALLEL }, (_, i) => `s${i}`).sort());
    // snapshot ids are unique: no two writers took the same sequence number
    expect(new Set(listed.map((s) => s.id)).size).toBe(PARALLEL);
  });

  test('racing creates of the same name: exactly one wins, the rest get EEXIST', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => rbdIn(home, [...c, 'create', '--size', '8M', 'image-pool/contested'])));
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) expect(r.code).toBe(17);
  });

  test('racing first use of a new cluster creates it once', async () => {
    const fresh = tempHome();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => cephIn(fresh, ['--cluster', 'new', 'osd', 'pool', 'create', `pool-${i}`])));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    for (let i = 0; i < 6; i++) await ok(fresh, ['--cluster', 'new', 'pool', 'init', `pool-${i}`]);
    const info = await ok(fresh, ['--cluster', 'new', 'mirror', 'pool', 'info', 'pool-5']);
    expect(info).toBe('Mode: disabled\n');
  });

  // Each race once lost a creator in a few rounds on a loaded machine: the switch to WAL (EAGAIN),
  // a store read half-made ("not an rbdm cluster store") and a half-written ceph.conf (taken for
  // a Ceph cluster's). Rounds give the windows a chance; every creator must succeed quietly.
  test('racing creators of new clusters all succeed, round after round', async () => {
    for (let round = 0; round < 8; round++) {
      const fresh = tempHome();
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => cephIn(fresh, ['--cluster', 'site-a', 'osd', 'pool', 'create', `pool-${i}`])));
      // (Ceph's own words on stderr, and nothing else: no note of another backend)
      results.forEach((r, i) => expect({ round, code: r.code, stderr: r.stderr }).toEqual({ round, code: 0, stderr: `pool 'pool-${i}' created\n` }));
      const ls = await cephIn(fresh, ['--cluster', 'site-a', 'osd', 'pool', 'ls', '--format', 'json']);
      expect(ls.code, ls.stderr).toBe(0);
      expect((JSON.parse(ls.stdout) as string[]).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `pool-${i}`));
    }
  }, scaled(240_000));
});
