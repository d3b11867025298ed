// Real replication between two local clusters with both daemons running as child processes:
// data written with `rbd bench` and `rbd import`, compared with `rbd export` checksums, in journal
// and snapshot modes; planned failover and failback; forced promotion, split-brain and resync;
// a daemon SIGKILLed mid-sync converges after a restart. Every wait is a bounded poll.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../helpers/daemon.js';
import { twoSiteDaemons } from '../helpers/two-site-daemons.js';

const t = twoSiteDaemons('rbdm-repl-e2e-');
const { A, B, spec, rbd, json, run, bench, sha, start, status, localState, journalCaughtUp, snapshotCaughtUp } = t;

describe('replication', () => {
  test('journal and snapshot mode: bench and import data arrive intact', async () => {
    const file = join(t.home, 'data.raw');
    writeFileSync(file, Buffer.concat([randomBytes(3 << 20), Buffer.alloc(1 << 20), randomBytes(12345)]));
    await rbd(...A, 'import', file, spec('imported'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('imported'), 'snapshot');
    await rbd(...A, 'create', '--size', '16M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jrn'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('jrn'), 'journal');
    start('site-a');
    start('site-b');
    await localState(B, 'imported', 'up+replaying');
    expect(await sha(B, 'imported')).toBe(await sha(A, 'imported'));

    await bench(A, 'jrn', '2M');
    await bench(A, 'imported', '1M');
    await rbd(...A, 'mirror', 'image', 'snapshot', spec('imported'));
    await journalCaughtUp(B, 'jrn');
    await snapshotCaughtUp(A, B, 'imported');
    expect(await sha(B, 'jrn')).toBe(await sha(A, 'jrn'));
    expect(await sha(B, 'imported')).toBe(await sha(A, 'imported'));
    expect((await status(A, 'jrn')).peer_sites[0].state).toBe('up+replaying');
    // writes to the non-primary copy are refused
    const w = await run(...B, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '4K', spec('jrn'));
    expect(w.code).toBe(30);
  });

  test('planned failover and failback in both modes', async () => {
    await rbd(...A, 'create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jrn'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('jrn'), 'journal');
    await rbd(...A, 'create', '--size', '8M', spec('snp'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('snp'), 'snapshot');
    start('site-a');
    start('site-b');
    await bench(A, 'jrn');
    await bench(A, 'snp');
    await rbd(...A, 'mirror', 'image', 'snapshot', spec('snp'));
    await journalCaughtUp(B, 'jrn');
    await snapshotCaughtUp(A, B, 'snp');

    // promote before the demotion is replayed: EBUSY
    const busy = await run(...B, 'mirror', 'image', 'promote', spec('jrn'));
    expect(busy.code).toBe(16);
    expect(busy.stderr).toMatch(/image is primary within a remote cluster or demotion is not propagated yet\n$/);

    for (const [from, to] of [[A, B], [B, A]] as const) {
      await rbd(...from, 'mirror', 'image', 'demote', spec('jrn'));
      await rbd(...from, 'mirror', 'image', 'demote', spec('snp'));
      // journal: the replayer stops at the end of the demoted journal, then restarts and finds
      // the remote not primary (the transcript's sequence)
      await localState(to, 'jrn', 'up+stopped', /^stopped$/);
      await localState(to, 'jrn', 'up+unknown', /^remote image is not primary$/);
      await localState(to, 'snp', 'up+unknown', /^remote image demoted$/);
      await localState(from, 'jrn', 'up+unknown', /^remote image is not primary$/);
      expect(await rbd(...to, 'mirror', 'image', 'promote', spec('jrn'))).toBe('Image promoted to primary\n');
      expect(await rbd(...to, 'mirror', 'image', 'promote', spec('snp'))).toBe('Image promoted to primary\n');
      await bench(to, 'jrn', '1M');
      await bench(to, 'snp', '1M');
      await rbd(...to, 'mirror', 'image', 'snapshot', spec('snp'));
      await journalCaughtUp(from, 'jrn');
      await snapshotCaughtUp(to, from, 'snp');
      expect(await sha(from, 'jrn')).toBe(await sha(to, 'jrn'));
      expect(await sha(from, 'snp')).toBe(await sha(to, 'snp'));
      // a status refreshed by the daemon, polled (not read once right after the copy)
      expect((await localState(to, 'snp', 'up+stopped')).state).toBe('up+stopped');
    }
  });

  test('forced promotion, split-brain on demotion, resync re-creates the copy', async () => {
    await rbd(...A, 'create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jrn'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('jrn'), 'journal');
    await rbd(...A, 'create', '--size', '8M', spec('snp'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('snp'), 'snapshot');
    start('site-a');
    start('site-b');
    await bench(A, 'jrn', '1M');
    await journalCaughtUp(B, 'jrn');
    await localState(B, 'snp', 'up+replaying');

    for (const image of ['jrn', 'snp']) {
      expect(await rbd(...B, 'mirror', 'image', 'promote', '--force', spec(image))).toBe('Image promoted to primary\n');
      await bench(B, image, '256K');
      await bench(A, image, '256K');
    }
    await localState(B, 'jrn', 'up+stopped', /^local image is primary$/);
    await localState(A, 'jrn', 'up+stopped', /^local image is primary$/);
    const oldIds = await json(...B, 'ls', '-l', 'image-pool');
    for (const image of ['jrn', 'snp']) await rbd(...B, 'mirror', 'image', 'demote', spec(image));
    await localState(B, 'jrn', 'up+error', /^split-brain detected$/);
    await localState(B, 'snp', 'up+error', /^split-brain$/);
    await waitFor(async () => (await status(A, 'snp')).peer_sites?.[0]?.description === 'split-brain', 10_000, 'split-brain seen from site-a');

    for (const image of ['jrn', 'snp']) {
      expect(await rbd(...B, 'mirror', 'image', 'resync', spec(image))).toBe('Flagged image for resync from primary\n');
    }
    await rbd(...A, 'mirror', 'image', 'snapshot', spec('snp'));
    await localState(B, 'jrn', 'up+replaying');
    await journalCaughtUp(B, 'jrn');
    await snapshotCaughtUp(A, B, 'snp');
    expect(await sha(B, 'jrn')).toBe(await sha(A, 'jrn'));
    expect(await sha(B, 'snp')).toBe(await sha(A, 'snp'));
    const newIds = await json(...B, 'ls', '-l', 'image-pool');
    for (const image of ['jrn', 'snp']) {
      expect(newIds.find((i: any) => i.image === image).id).not.toBe(oldIds.find((i: any) => i.image === image).id);
    }
  });

  test('a daemon killed with SIGKILL mid-sync resumes and converges after a restart', async () => {
    await rbd(...A, 'create', '--size', '32M', spec('big'));
    await bench(A, 'big', '32M', 'seq');
    await rbd(...A, 'mirror', 'image', 'enable', spec('big'), 'snapshot');
    await rbd(...A, 'create', '--size', '32M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jbig'));
    await bench(A, 'jbig', '8M', 'seq');
    await rbd(...A, 'mirror', 'image', 'enable', spec('jbig'), 'journal');
    const slow = start('site-b', { env: { RBDM_DAEMON_SYNC_THROTTLE_MS: '150' } });
    await localState(B, 'big', 'up+syncing', /^bootstrapping, IMAGE_COPY\/COPY_OBJECT ([1-9]|[1-8]\d)%$/);
    await slow.kill();
    start('site-b');
    await localState(B, 'big', 'up+replaying');
    await journalCaughtUp(B, 'jbig');
    expect(await sha(B, 'big')).toBe(await sha(A, 'big'));
    expect(await sha(B, 'jbig')).toBe(await sha(A, 'jbig'));
  });
});
