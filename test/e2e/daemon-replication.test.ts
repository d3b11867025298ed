// Real replication between two local clusters with both daemons running as child processes:
// data written with `rbd bench` and `rbd import`, compared with `rbd export` checksums, in journal
// and snapshot modes; planned failover and failback; forced promotion, split-brain and resync;
// a daemon SIGKILLed mid-sync converges after a restart. Every wait is a bounded poll.
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { exportSha, peerTwoSites, startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { ok, okJson, rbdIn, tempHome } from '../helpers/rbd.js';

let home: string;
let daemons: DaemonHandle[] = [];
const rbd = (...args: string[]) => ok(home, args);
const json = <T = any>(...args: string[]) => okJson<T>(home, args);
const A = ['--cluster', 'site-a'];
const B = ['--cluster', 'site-b'];
const spec = (image: string) => `image-pool/${image}`;
const sha = (site: string[], image: string) => exportSha(home, site[1]!, spec(image));


const status = (site: string[], image: string) => json(...site, 'mirror', 'image', 'status', spec(image));
const replay = (s: { description: string }) => JSON.parse(s.description.replace(/^replaying, /, ''));
const bench = (site: string[], image: string, total = '2M', pattern = 'rand') =>
  rbd(...site, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', total, '--io-pattern', pattern, spec(image));

/** Journal copy caught up: replaying with nothing behind the primary. */
async function journalCaughtUp(site: string[], image: string, timeout = 30_000): Promise<void> {
  await waitFor(async () => {
    const s = await status(site, image);
    if (s.state !== 'up+replaying') return false;
    const d = replay(s);
    // non_primary_position stays {} until an entry is replayed after a bootstrap or failover
    const np = d.non_primary_position ?? {};
    return d.entries_behind_primary === 0 && (np.entry_tid === undefined || np.entry_tid === d.primary_position.entry_tid);
  }, timeout, `${image} journal caught up`);
}

/** Snapshot copy has completed the primary's newest mirror snapshot. */
async function snapshotCaughtUp(primary: string[], secondary: string[], image: string, timeout = 30_000): Promise<void> {
  const snaps = await json(...primary, 'snap', 'ls', '--all', spec(image));
  const newest = snaps.filter((s: any) => s.namespace?.type === 'mirror').at(-1).id;
  await waitFor(async () => (await json(...secondary, 'snap', 'ls', '--all', spec(image)))
    .some((s: any) => s.namespace?.primary_snap_id === newest && s.namespace.complete), timeout, `${image} snapshot ${newest} copied`);
}

async function localState(site: string[], image: string, state: string, desc?: RegExp, timeout = 30_000): Promise<any> {
  return waitFor(async () => {
    const s = await status(site, image);
    return s.state === state && (!desc || desc.test(s.description)) ? s : undefined;
  }, timeout, `${image} ${state} ${desc ?? ''}`);
}

beforeEach(async () => {
  home = tempHome('rbdm-repl-e2e-');
  await peerTwoSites(home);
});
afterEach(async () => {
  await Promise.all(daemons.map((d) => d.kill()));
  daemons = [];
  rmSync(home, { recursive: true, force: true });
});

describe('replication', () => {
  test('journal and snapshot mode: bench and import data arrive intact', async () => {
    const file = join(home, 'data.raw');
    writeFileSync(file, Buffer.concat([randomBytes(3 << 20), Buffer.alloc(1 << 20), randomBytes(12345)]));
    await rbd(...A, 'import', file, spec('imported'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('imported'), 'snapshot');
    await rbd(...A, 'create', '--size', '16M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jrn'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('jrn'), 'journal');
    daemons = [startDaemon(home, 'site-a'), startDaemon(home, 'site-b')];
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
    const w = await rbdIn(home, [...B, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', '4K', spec('jrn')]);
    expect(w.code).toBe(30);
  });

  test('planned failover and failback in both modes', async () => {
    await rbd(...A, 'create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', spec('jrn'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('jrn'), 'journal');
    await rbd(...A, 'create', '--size', '8M', spec('snp'));
    await rbd(...A, 'mirror', 'image', 'enable', spec('snp'), 'snapshot');
    daemons = [startDaemon(home, 'site-a'), startDaemon(home, 'site-b')];
    await bench(A, 'jrn');
    await bench(A, 'snp');
    await rbd(...A, 'mirror', 'image', 'snapshot', spec('snp'));
    await journalCaughtUp(B, 'jrn');
    await snapshotCaughtUp(A, B, 'snp');

    // promote before the demotion is replayed: EBUSY
    const busy = await rbdIn(home, [...B, 'mirror', 'image', 'promote', spec('jrn')]);
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
    daemons = [startDaemon(home, 'site-a'), startDaemon(home, 'site-b')];
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
    const slow = startDaemon(home, 'site-b', { env: { RBDM_DAEMON_SYNC_THROTTLE_MS: '150' } });
    daemons = [slow];
    await localState(B, 'big', 'up+syncing', /^bootstrapping, IMAGE_COPY\/COPY_OBJECT ([1-9]|[1-8]\d)%$/);
    await slow.kill();
    daemons = [startDaemon(home, 'site-b')];
    await localState(B, 'big', 'up+replaying');
    await journalCaughtUp(B, 'jbig');
    expect(await sha(B, 'big')).toBe(await sha(A, 'big'));
    expect(await sha(B, 'jbig')).toBe(await sha(A, 'jbig'));
  });
});
