// snapl: clones and the snapshot life cycle followed by rbd-mirror, in Ceph's QA order
// (rbd_mirror_journal.sh / rbd_mirror_snapshot.sh "cloned images", "snapshot rename"): parent
// create + write + snap + protect, clone v1 and v2, writes to the clones, replay, snap rename,
// flatten, and removing a parent snapshot that has a v2 child (snapshot trash on both sides,
// purged with the child), comparing `rbd export` of every head and user snapshot on both sites
// after each step. One daemon: site-b pulls from site-a. Local backend (the lab runs Ceph's own
// rbd-mirror).
import { describe, expect, test } from 'vitest';
import { waitFor } from '../helpers/daemon.js';
import { ON_CEPH } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';
import { twoSiteDaemons } from '../helpers/two-site-daemons.js';

const { A, B, spec, rbd, json, run, bench, sha, start } = twoSiteDaemons('rbdm-clones-e2e-');
const trashOf = async (site: string[], image: string) =>
  (await json(...site, 'snap', 'ls', '--all', spec(image))).filter((s: any) => s.namespace.type === 'trash').map((s: any) => s.namespace.original_name);

describe.skipIf(ON_CEPH)('clones follow the primary', () => {
  for (const mode of ['journal', 'snapshot'] as const) {
    const features = mode === 'journal' ? ['--image-feature', 'layering,exclusive-lock,journaling'] : [];
    /** Snapshot mode moves at mirror snapshots; journal mode as events are replayed. */
    const mirrorSnap = async (...images: string[]) => {
      if (mode === 'snapshot') for (const i of images) await rbd(...A, 'mirror', 'image', 'snapshot', spec(i));
    };
    /** Every listed head/snapshot exports the same on site-b as on site-a (polled). */
    const converged = (...specs: string[]) => waitFor(async () => {
      for (const s of specs) {
        const b = await run(...B, 'info', spec(s));
        if (b.code !== 0 || (await sha(B, s)) !== (await sha(A, s))) return false;
      }
      return true;
    }, 30_000, `${specs.join(', ')} equal on both sites`);
    const write = (image: string, total: string) => bench(A, image, total);

    test(`${mode} mode: clone v1 and v2, snap rename, flatten, parent snapshot trash`, async () => {
      // parent: create, write, snap, protect; mirrored
      await rbd(...A, 'create', '--size', '4M', '--object-size', '1M', ...features, spec('parent'));
      await write('parent', '1M');
      await rbd(...A, 'snap', 'create', spec('parent@s1'));
      await rbd(...A, 'snap', 'protect', spec('parent@s1'));
      await rbd(...A, 'mirror', 'image', 'enable', spec('parent'), mode);
      // a clone of each format, written to, mirrored (its parent is)
      await rbd(...A, 'clone', '--rbd-default-clone-format', '1', ...features, spec('parent@s1'), spec('c1'));
      await rbd(...A, 'clone', '--rbd-default-clone-format', '2', ...features, spec('parent@s1'), spec('c2'));
      for (const c of ['c1', 'c2']) await rbd(...A, 'mirror', 'image', 'enable', spec(c), mode);
      await write('c1', '256K');
      await write('c2', '512K');
      await mirrorSnap('parent', 'c1', 'c2');
      start('site-b');
      await converged('parent', 'parent@s1', 'c1', 'c2');
      for (const c of ['c1', 'c2']) {
        const info = await json(...B, 'info', spec(c));
        expect(info.parent).toMatchObject({ pool: 'image-pool', image: 'parent', snapshot: 's1', overlap: 4 << 20 });
        expect(info.parent.id).toBe((await json(...B, 'info', spec('parent'))).id);
      }
      expect((await json(...B, 'snap', 'ls', spec('parent'))).map((s: any) => [s.name, s.protected])).toEqual([['s1', 'true']]);
      expect((await json(...B, 'children', spec('parent@s1'))).map((c: any) => c.image)).toEqual(['c1', 'c2']);

      // writes after the bootstrap replay too
      await write('c2', '128K');
      await mirrorSnap('c2');
      await converged('c2');

      // snap rename of the parent's protected snapshot; the clones' parent line follows
      await rbd(...A, 'snap', 'rename', spec('parent@s1'), spec('parent@s1-renamed'));
      await mirrorSnap('parent');
      await waitFor(async () => (await json(...B, 'snap', 'ls', spec('parent'))).some((s: any) => s.name === 's1-renamed'),
        30_000, 'rename followed');
      expect((await json(...B, 'info', spec('c2'))).parent.snapshot).toBe('s1-renamed');
      await converged('parent', 'parent@s1-renamed', 'c1', 'c2');

      // flatten: the peer's copy becomes independent too, with the same data
      await rbd(...A, 'flatten', spec('c1'));
      await mirrorSnap('c1');
      await waitFor(async () => (await json(...B, 'info', spec('c1'))).parent === undefined, 30_000, 'flatten followed');
      await converged('c1');
      expect((await json(...B, 'children', spec('parent@s1-renamed'))).map((c: any) => c.image)).toEqual(['c2']);

      // a parent snapshot with a v2 child: removal moves it to the snapshot trash on both sides,
      // and it goes with its last child
      await write('parent', '512K');
      await rbd(...A, 'snap', 'create', spec('parent@s2'));
      await mirrorSnap('parent');
      await converged('parent', 'parent@s2');
      await rbd(...A, 'clone', '--rbd-default-clone-format', '2', ...features, spec('parent@s2'), spec('c3'));
      await rbd(...A, 'mirror', 'image', 'enable', spec('c3'), mode);
      await converged('c3');
      await rbd(...A, 'snap', 'rm', spec('parent@s2'));
      expect(await trashOf(A, 'parent')).toEqual(['s2']);
      await mirrorSnap('parent');
      await waitFor(async () => (await trashOf(B, 'parent')).includes('s2'), 30_000, 'trash followed');
      expect((await json(...B, 'snap', 'ls', spec('parent'))).map((s: any) => s.name)).toEqual(['s1-renamed']);
      await converged('c3', 'parent');
      // the name is free again on both sides (issue 11 §3: "(17) File exists")
      await rbd(...A, 'snap', 'create', spec('parent@s2'));
      await mirrorSnap('parent');
      await converged('parent@s2');
      await rbd(...A, 'rm', spec('c3'));
      expect(await trashOf(A, 'parent')).toEqual([]);
      await waitFor(async () => (await run(...B, 'info', spec('c3'))).code === 2, 30_000, 'c3 deleted on site-b');
      await waitFor(async () => (await trashOf(B, 'parent')).length === 0, 30_000, 'trash purged on site-b');
      await converged('parent', 'parent@s1-renamed', 'parent@s2', 'c1', 'c2');
    }, scaled(600_000));
  }
});
