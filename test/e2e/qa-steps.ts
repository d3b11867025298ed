// The steps of Ceph's rbd_mirror_journal.sh / rbd_mirror_snapshot.sh, in their order, as rbdm can
// express them (see qa-scenario.ts for the checks run after every step). Ceph's site roles:
// CLUSTER2 holds the primaries = site-a here; CLUSTER1 runs the first daemon = site-b.
//
// Slots for the life-cycle steps built elsewhere (insert a Step where the comment says):
//   after 'add image and test replay':   image-meta set/compare            (life)
//   after 'first image replays after restart': image rename, trash move/restore  (life)
//   after 'force promote':                cloned images (v1, v2, snapshot trash), flatten  (snapl)
//   after 'remove mirroring pool':        snapshot rename x20                (snapl)
import { expect } from 'vitest';
import {
  createImage, deletePool, expectNoStatus, imageId, other, removeImage, run, spec, startSite, states, stopSite, verify,
  waitDeleted, waitStates, write, type Qa, type Step,
} from './qa-scenario.js';
import { waitFor } from '../helpers/daemon.js';

/** Rounds of the failover/failback loop: 20 in journal mode as in rbd_mirror_journal.sh; 5 in
 *  snapshot mode (rbd_mirror_snapshot.sh has no loop; the newer combined rbd_mirror.sh runs 20 in
 *  both modes, which costs ~4 min more of a loaded 2-core box in `npm test`).
 *  RBDM_QA_FAILOVER_ROUNDS=20 runs Ceph's full loop in both. */
const failoverRounds = (mode: 'journal' | 'snapshot'): number =>
  Number(process.env.RBDM_QA_FAILOVER_ROUNDS ?? (mode === 'journal' ? 20 : 5));
const A = 'site-a' as const;
const B = 'site-b' as const;

/** Ceph's demote/promote pair: demote where the primary is, both sites up+unknown, promote the
 *  other, the new secondary replaying and the old primary... now primary, `up+stopped`. */
export async function failover(q: Qa, image: string, to: 'site-a' | 'site-b'): Promise<void> {
  const from = q.images.get(image)!;
  await run(q, from)('mirror', 'image', 'demote', spec(q, image));
  await waitStates(q, from, image, 'up+unknown', 'up+unknown', `${image} demoted on ${from}: both up+unknown`);
  await run(q, to)('mirror', 'image', 'promote', spec(q, image));
  q.images.set(image, to);
  await waitStates(q, to, image, 'up+stopped', 'up+replaying', `${image} primary on ${to}, replaying on ${other(to)}`);
}

/** The peer's resync: the non-primary is deleted and bootstrapped again under a new image id. */
async function resync(q: Qa, image: string, request: () => Promise<void>): Promise<void> {
  const secondary = other(q.images.get(image)!);
  const before = await imageId(q, secondary, image);
  await request();
  const after = await waitFor(async () => {
    const id = await imageId(q, secondary, image).catch(() => undefined);
    return id !== undefined && id !== before ? id : undefined;
  }, 60_000, `${image} re-created on ${secondary}`);
  const info = await run(q, secondary).json('info', spec(q, image));
  expect(info.block_name_prefix).toBe(`rbd_data.${after}`);
  await waitStates(q, q.images.get(image)!, image, 'up+stopped', 'up+replaying', `${image} replaying again after resync`);
}

export const CEPH_QA_STEPS: Step[] = [
  {
    name: 'add image and test replay',
    async run(q) {
      startSite(q, B);
      await createImage(q, A, 'test');
      await write(q, 'test', '256K');
      await verify(q, 'test');
      // no daemon on the primary's site: its own status is down
      const st = await run(q, A).json('mirror', 'image', 'status', spec(q, 'test'));
      expect([st.state, st.peer_sites[0].state]).toEqual(['down+unknown', 'up+replaying']);
      const id = await imageId(q, A, 'test');
      expect(id).toMatch(/^[0-9a-f]{12}$/);
      expect((await run(q, A).json('info', spec(q, 'test'))).block_name_prefix).toBe(`rbd_data.${id}`);
      expect(await imageId(q, B, 'test')).not.toBe(id); // the copy is an image of its own cluster
    },
  },
  {
    name: 'stop mirror, add image, start mirror and test replay',
    async run(q) {
      await stopSite(q, B);
      await createImage(q, A, 'test1');
      await write(q, 'test1', '128K');
      startSite(q, B);
    },
  },
  {
    name: 'test the first image is replaying after restart',
    async run(q) {
      await write(q, 'test', '64K');
      await waitStates(q, A, 'test', 'down+unknown', 'up+replaying', 'test replaying');
      await removeImage(q, 'test1');
    },
  },
  {
    name: 'user snapshots and resize follow the primary',
    async run(q) {
      await run(q, A)('snap', 'create', spec(q, 'test@s1'));
      await write(q, 'test', '64K');
      await run(q, A)('resize', '--size', '6M', spec(q, 'test'));
      await write(q, 'test', '64K');
      await run(q, A)('snap', 'create', spec(q, 'test@s2'));
      await write(q, 'test', '64K');
      await verify(q, 'test');
      await run(q, A)('snap', 'rm', spec(q, 'test@s1'));
      await run(q, A)('resize', '--size', '5M', '--allow-shrink', spec(q, 'test'));
    },
  },
  {
    name: "check if removed images' OMAP are removed (with rbd-mirror on one cluster)",
    async run(q) {
      await createImage(q, A, 'gone');
      await write(q, 'gone', '64K');
      await verify(q, 'gone');
      await removeImage(q, 'gone');
      await expectNoStatus(q, 'gone');
    },
  },
  {
    name: 'failover and failback',
    async run(q) {
      startSite(q, A);
      await waitStates(q, A, 'test', 'up+stopped', 'up+replaying', 'both daemons report');
      // demote and promote the same cluster
      await run(q, A)('mirror', 'image', 'demote', spec(q, 'test'));
      await waitStates(q, A, 'test', 'up+unknown', 'up+unknown', 'demoted: both up+unknown');
      await run(q, A)('mirror', 'image', 'promote', spec(q, 'test'));
      await waitStates(q, A, 'test', 'up+stopped', 'up+replaying', 'promoted again');
      await write(q, 'test');
      await verify(q, 'test');
      await failover(q, 'test', B); // unmodified
      await failover(q, 'test', A); // failback, unmodified
      await verify(q, 'test');
      await failover(q, 'test', B);
      await write(q, 'test');
      await verify(q, 'test');
      await failover(q, 'test', A);
      await write(q, 'test');
    },
  },
  {
    name: 'failover / failback loop',
    async run(q) {
      const started = Date.now();
      const rounds = failoverRounds(q.mode);
      for (let i = 1; i <= rounds; i++) {
        await failover(q, 'test', B);
        if (i % 5 === 0 || i === rounds) await write(q, 'test', '16K');
        await failover(q, 'test', A);
      }
      q.timings['failover loop'] = Date.now() - started;
      q.timings['failover rounds'] = rounds;
    },
  },
  {
    name: 'force promote',
    async run(q) {
      await createImage(q, A, 'test_force_promote');
      await write(q, 'test_force_promote', '64K');
      await verify(q, 'test_force_promote');
      await run(q, B)('mirror', 'image', 'promote', '--force', spec(q, 'test_force_promote'));
      await waitStates(q, B, 'test_force_promote', 'up+stopped', 'up+stopped', 'primary on both sites: both stopped');
      q.images.delete('test_force_promote');
      for (const site of [A, B]) {
        await run(q, site)('bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '16K', spec(q, 'test_force_promote'));
        await run(q, site)('rm', spec(q, 'test_force_promote'));
      }
      await expectNoStatus(q, 'test_force_promote');
    },
  },
  {
    name: 'disable mirroring / delete non-primary image',
    async run(q) {
      for (const image of ['test2', 'test3']) {
        await createImage(q, A, image);
        await write(q, image, '64K');
        await run(q, A)('snap', 'create', spec(q, `${image}@snap1`));
        await verify(q, image);
      }
      await run(q, A)('mirror', 'image', 'disable', spec(q, 'test2'));
      q.images.delete('test2');
      await removeImage(q, 'test3');
      await waitDeleted(q, B, 'test2');
      await run(q, A)('snap', 'purge', spec(q, 'test2'));
      await run(q, A)('rm', spec(q, 'test2'));
      await expectNoStatus(q, 'test2');
      await expectNoStatus(q, 'test3');
    },
  },
  {
    name: 'remove mirroring pool',
    async run(q) {
      const doomed = await q.s.mirroredPair('pool_to_remove');
      const rspec = `${doomed}/test`;
      const features = q.mode === 'journal' ? 'layering,exclusive-lock,journaling' : 'layering,exclusive-lock';
      await run(q, A)('create', '--size', '2M', '--image-feature', features, rspec);
      await run(q, A)('mirror', 'image', 'enable', rspec, q.mode);
      await waitFor(async () => (await run(q, B).json('mirror', 'image', 'status', rspec)).state === 'up+replaying', 60_000, 'pool_to_remove/test replaying');
      for (const site of [A, B]) await deletePool(q, site, doomed);
      for (const site of [A, B]) {
        await waitFor(() => q.daemons.get(site)!.log().includes(`stopping pool replayer for ${doomed}`), 30_000, `${site}'s daemon drops the pool`);
      }
      // the other pool goes on: new data replicates, and no error loop about the deleted pool
      await write(q, 'test', '16K');
      await verify(q, 'test');
      const st = await run(q, A).json('mirror', 'image', 'status', spec(q, 'test'));
      expect([st.state, st.peer_sites[0].state]).toEqual(['up+stopped', 'up+replaying']);
      for (const site of [A, B]) {
        const lines = q.daemons.get(site)!.log().split('\n').filter((l) => l.includes(doomed));
        expect(lines.filter((l) => l.includes('stopping pool replayer')), site).toHaveLength(1);
        expect(lines.filter((l) => /error|failed/i.test(l)).length, `${site}: ${lines.join('\n')}`).toBeLessThanOrEqual(1);
      }
      const summary = await run(q, A).json('mirror', 'pool', 'status', q.pool);
      expect(summary.summary).toMatchObject({ health: 'OK', daemon_health: 'OK', image_health: 'OK' });
    },
  },
  {
    name: 'disable mirror while daemon is stopped',
    async run(q) {
      await createImage(q, A, 'quiet');
      await write(q, 'quiet', '64K');
      await verify(q, 'quiet');
      await stopSite(q, B);
      await stopSite(q, A);
      await run(q, A)('mirror', 'image', 'disable', spec(q, 'quiet'));
      q.images.delete('quiet');
      expect(await run(q, B).json('ls', q.pool)).toContain('quiet');
      startSite(q, B);
      startSite(q, A);
      await waitDeleted(q, B, 'quiet');
      await expectNoStatus(q, 'quiet');
      await run(q, A)('mirror', 'image', 'enable', spec(q, 'quiet'), q.mode);
      q.images.set('quiet', A);
      await waitStates(q, A, 'quiet', 'up+stopped', 'up+replaying', 'quiet mirrored again');
    },
  },
  {
    name: 'simple image resync',
    async run(q) {
      await resync(q, 'test', () => run(q, B)('mirror', 'image', 'resync', spec(q, 'test')).then(() => undefined));
    },
  },
  {
    name: 'request image resync while daemon is offline',
    async run(q) {
      await resync(q, 'test', async () => {
        await stopSite(q, B);
        await run(q, B)('mirror', 'image', 'resync', spec(q, 'test'));
        startSite(q, B);
      });
    },
  },
  {
    name: 'client disconnect',
    only: 'journal',
    async run(q) {
      const disconnect = () => run(q, A)('journal', 'client', 'disconnect', '--image', spec(q, 'test'));
      await verify(q, 'test');
      // replay stopped after disconnect
      await disconnect();
      await waitFor(async () => {
        const st = await states(q, A, 'test');
        return st.peer === 'up+error' && st.peerDescription === 'disconnected';
      }, 60_000, 'site-b reports disconnected');
      // replay started after resync requested
      await resync(q, 'test', () => run(q, B)('mirror', 'image', 'resync', spec(q, 'test')).then(() => undefined));
      const positions = await run(q, A).json('journal', 'status', '--image', spec(q, 'test'));
      expect(positions.registered_clients.map((c: { state: string }) => c.state)).toEqual(['connected', 'connected']);
      await write(q, 'test', '16K');
      await verify(q, 'test');
      // rbd_mirroring_resync_after_disconnect: the daemon resyncs by itself
      await run(q, B)('config', 'global', 'set', 'global', 'rbd_mirroring_resync_after_disconnect', 'true');
      await resync(q, 'test', () => disconnect().then(() => undefined));
      await write(q, 'test', '16K');
      await verify(q, 'test');
      // back to the default: a disconnect stops replay again, the image stays as it is
      await run(q, B)('config', 'global', 'remove', 'global', 'rbd_mirroring_resync_after_disconnect');
      const id = await imageId(q, B, 'test');
      await disconnect();
      await waitFor(async () => (await states(q, A, 'test')).peerDescription === 'disconnected', 60_000, 'disconnected again, no resync');
      expect(await imageId(q, B, 'test')).toBe(id);
      await removeImage(q, 'test');
    },
  },
  {
    name: 'split-brain',
    async run(q) {
      await createImage(q, A, 'split-brain');
      await verify(q, 'split-brain');
      await run(q, B)('mirror', 'image', 'promote', '--force', spec(q, 'split-brain'));
      await waitStates(q, B, 'split-brain', 'up+stopped', 'up+stopped', 'force-promoted: both stopped');
      await run(q, B)('bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '16K', spec(q, 'split-brain'));
      await run(q, B)('mirror', 'image', 'demote', spec(q, 'split-brain'));
      await waitFor(async () => {
        const st = await states(q, B, 'split-brain');
        return st.local === 'up+error' && /^split-brain/.test((await run(q, B).json('mirror', 'image', 'status', spec(q, 'split-brain'))).description);
      }, 60_000, 'split-brain reported on site-b');
      await resync(q, 'split-brain', () => run(q, B)('mirror', 'image', 'resync', spec(q, 'split-brain')).then(() => undefined));
      await removeImage(q, 'split-brain');
    },
  },
  {
    name: "check if removed images' OMAP are removed",
    async run(q) {
      for (const image of [...q.images.keys()]) await removeImage(q, image);
      for (const image of ['test', 'quiet', 'split-brain']) await expectNoStatus(q, image);
      for (const site of [A, B]) {
        expect((await run(q, site).json('mirror', 'pool', 'status', q.pool)).summary.states).toEqual({});
      }
    },
  },
];
