// Orchestrated failover (issue 10, rbdm additions): `mirror image|pool wait`, `mirror image|pool
// failover` with preflight, dry run, rollback and --force, and `mirror pool drill`, on either
// backend (test/helpers/sites.ts). Local: embedded clusters with rbdm's rbd-mirror per site
// (test/helpers/daemon.ts). Ceph: the two-site lab with Ceph's own rbd-mirror daemons, which a
// test cannot stop or kill, so the steps that need that are local only (said in their titles).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { ON_CEPH, ON_LOCAL, sites, type SiteRunner } from '../helpers/sites.js';

const s = sites('fo');
const { a, b } = s;
const P = s.pool('fo-pool');
const spec = (image: string) => `${P}/${image}`;
const IMAGES = ['j1', 's1', 'j2', 's2'];
const MODE: Record<string, 'journal' | 'snapshot'> = { j1: 'journal', s1: 'snapshot', j2: 'journal', s2: 'snapshot' };
/** Generous: the lab's rbd-mirror reports state changes up to ~30 s late. */
const T = ON_CEPH ? '240s' : '60s';
const daemons = new Map<string, DaemonHandle>();

const startSite = (cluster: 'site-a' | 'site-b') => { if (ON_LOCAL) daemons.set(cluster, startDaemon(s.home, cluster)); };
async function stopSite(cluster: string, how: 'stop' | 'kill'): Promise<void> {
  const d = daemons.get(cluster);
  daemons.delete(cluster);
  if (d) await (how === 'stop' ? d.stop() : d.kill());
}

/** Local: a running daemon writes its store (heartbeats, statuses), so a store digest needs them
 *  quiet. Killed, not stopped: their heartbeats count for 15 s more, so a preflight still sees them. */
async function withDaemonsKilled<T>(fn: () => Promise<T>): Promise<T> {
  await Promise.all(['site-a', 'site-b'].map((c) => stopSite(c, 'kill')));
  // the first open after a killed writer folds its WAL into the database file: let a reader do that
  if (ON_LOCAL) await Promise.all([a('mirror', 'pool', 'info', P), b('mirror', 'pool', 'info', P)]);
  try { return await fn(); } finally { startSite('site-a'); startSite('site-b'); }
}

async function sha(site: SiteRunner, image: string): Promise<string> {
  const file = join(s.home, `export-${site.cluster}-${image}-${Date.now()}.raw`);
  await site.ok(['export', spec(image), file]);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  rmSync(file);
  return digest;
}
const primaryOn = async (site: SiteRunner, image: string): Promise<boolean> => (await site.json('info', spec(image))).mirroring.primary;
const write = (site: SiteRunner, image: string, total = '512K') =>
  site.ok(['bench', '--io-type', 'write', '--io-size', '4K', '--io-total', total, '--io-pattern', 'rand', spec(image)]);

/** Both copies hold the same data and the primary is where we expect it. */
async function expectSynced(image: string, primary: SiteRunner): Promise<void> {
  const other = primary === a ? b : a;
  expect(await primaryOn(primary, image)).toBe(true);
  expect(await primaryOn(other, image)).toBe(false);
  expect(await sha(other, image), image).toBe(await sha(primary, image));
}

describe.skipIf(s.skip)(s.title('orchestrated failover'), () => {
  beforeAll(async () => {
    await s.mirroredPair('fo-pool');
    for (const image of IMAGES) {
      await a('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock', spec(image));
      await write(a, image);
      await a('mirror', 'image', 'enable', spec(image), MODE[image]!);
    }
    startSite('site-a');
    startSite('site-b');
  }, 300_000);
  afterAll(async () => {
    await Promise.all([...daemons.values()].map((d) => d.kill()));
    await s.cleanup();
  }, 300_000);

  test('mirror pool wait --for synced --snapshot: every image copied, checksums equal', async () => {
    const r = await a.run(['mirror', 'pool', 'wait', P, '--for', 'synced', '--snapshot', '--timeout', T]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    for (const image of IMAGES) await expectSynced(image, a);
    // replaying on the non-primary site, before anything is failed over
    for (const image of IMAGES) expect((await b.run(['mirror', 'image', 'wait', spec(image), '--for', 'replaying', '--timeout', T])).code).toBe(0);
  }, 600_000);

  test('wait times out with exit 110 and one line naming what is missing', async () => {
    const r = await b.run(['mirror', 'image', 'wait', spec('j1'), '--for', 'demoted', '--timeout', '1s']);
    expect(r.code).toBe(110);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^rbd: timed out after [0-9.]+s waiting for ${spec('j1')} to be demoted: site-b has not received the demotion of j1 yet\\n$`));
    const bad = await a.run(['mirror', 'image', 'wait', spec('j1')]);
    expect(bad).toMatchObject({ code: 22, stderr: 'rbd: --for was not specified (synced, demoted, promoted, replaying)\n' });
  }, 120_000);

  test('--dry-run prints the preflight and the exact plan and changes nothing', async () => {
    const { before, r, after } = await withDaemonsKilled(async () => {
      const before = await s.state();
      const r = await a.run(['mirror', 'pool', 'failover', P, '--to', 'site-b', '--dry-run']);
      return { before, r, after: await s.state() };
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`preflight site-a -> site-b, pool ${P}: ok`);
    expect(r.stdout).toContain('[ok] daemon for target: rbd-mirror');
    for (const image of IMAGES) {
      expect(r.stdout).toContain(`plan ${image}: demote on site-a, wait for the demotion on site-b, promote on site-b, verify\n`);
    }
    expect(after).toBe(before);
  }, 120_000);

  test('image failover and failback of a journal and a snapshot image, one command each, data verified', async () => {
    for (const image of ['j1', 's1']) {
      await write(a, image, '256K');
      const there = await a.run(['mirror', 'image', 'failover', spec(image), '--to', 'site-b', '--timeout', T]);
      expect(there.stderr).toBe('');
      expect(there.code).toBe(0);
      for (const step of ['demote ok', 'await-demotion ok', 'promote ok', 'writable ok', 'verify ok']) expect(there.stdout).toContain(`${image}: ${step}`);
      expect(there.stdout).toContain(`${image}: verify ok`);
      expect(there.stdout).toContain('site-a non-primary and replaying back');
      await expectSynced(image, b);
      await write(b, image, '256K');
      const back = await b.run(['mirror', 'image', 'failover', spec(image), '--to', 'site-a', '--timeout', T, '--format', 'json']);
      expect(back.code, back.stderr).toBe(0);
      const report = JSON.parse(back.stdout);
      expect(report).toMatchObject({ source: 'site-b', target: 'site-a', ok: true, dry_run: false, forced: false });
      expect(report.images).toMatchObject([{ image, mode: MODE[image], action: 'failover', ok: true, rolled_back: false }]);
      expect(report.images[0].rto_seconds).toBeGreaterThan(0);
      await expectSynced(image, a);
    }
  }, 900_000);

  test('pool failover moves every image and reports each; pool failback brings them back', async () => {
    // after the last failback, site-b's replayers resume (the lab's take up to ~30 s)
    expect((await b.run(['mirror', 'pool', 'wait', P, '--for', 'synced', '--timeout', T])).code).toBe(0);
    for (const image of IMAGES) expect((await b.run(['mirror', 'image', 'wait', spec(image), '--for', 'replaying', '--timeout', T])).code).toBe(0);
    const there = await a.run(['mirror', 'pool', 'failover', P, '--to', 'site-b', '--max-concurrent', '2', '--timeout', T]);
    expect(there.code, there.stdout + there.stderr).toBe(0);
    for (const image of IMAGES) {
      expect(there.stdout).toMatch(new RegExp(`^${image}: done, writable after [0-9.]+s \\(site-a: non-primary.*; site-b: primary`, 'm'));
      await expectSynced(image, b);
    }
    const back = await b.run(['mirror', 'pool', 'failover', P, '--to', 'site-a', '--timeout', T]);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    for (const image of IMAGES) await expectSynced(image, a);
  }, 900_000);

  test('drill: failover, probe, checksums, failback; RPO and RTO measured per image', async () => {
    const r = await a.run(['mirror', 'pool', 'drill', P, '--to', 'site-b', '--timeout', T, '--format', 'json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    expect(report.ok).toBe(true);
    expect(report.images.map((i: any) => i.image)).toEqual([...IMAGES].sort());
    for (const i of report.images) {
      expect(i.rpo_bytes).toBe(0);
      expect(i.rto_seconds).toBeGreaterThan(0);
      expect(i.failback_rto_seconds).toBeGreaterThan(0);
      expect(i.checks.map((c: any) => [c.name, c.ok])).toEqual([
        ['failover', true], ['no data lost', true], ['probe replicated back', true], ['failback', true], ['data as before the drill', true],
      ]);
    }
    console.log(`drill RTO per image on ${s.backend}: ${report.images.map((i: any) => `${i.image} (${i.mode}) ${i.rto_seconds}s, failback ${i.failback_rto_seconds}s`).join('; ')}`);
    for (const image of IMAGES) await expectSynced(image, a);
  }, 900_000);

  test.skipIf(ON_CEPH)('preflight refuses lag over --max-lag, with the lag in the message (local only: the lab\'s rbd-mirror cannot be paused to hold a lag)', async () => {
    // the daemons are killed (their heartbeats still count for 15 s), so nothing copies the new snapshot
    const { before, r, after } = await withDaemonsKilled(async () => {
      await write(a, 's2', '4M');
      await a('mirror', 'image', 'snapshot', spec('s2'));
      const before = await s.state();
      const r = await a.run(['mirror', 'image', 'failover', spec('s2'), '--to', 'site-b', '--max-lag', '0s', '--dry-run']);
      return { before, r, after: await s.state() };
    });
    expect(r.code).toBe(16);
    expect(r.stdout).toMatch(/\[FAIL\] lag: lag [0-9.]+s > --max-lag 0\.0s/);
    expect(r.stderr).toMatch(/^rbd: failover would fail: s2: lag: lag [0-9.]+s > --max-lag 0\.0s\n$/);
    expect(after).toBe(before);
    expect((await a.run(['mirror', 'image', 'wait', spec('s2'), '--for', 'synced', '--timeout', T])).code).toBe(0);
  }, 300_000);

  test.skipIf(ON_CEPH)('preflight refuses when no daemon runs for the target (local only: the lab\'s rbd-mirror cannot be stopped)', async () => {
    await stopSite('site-b', 'stop');
    await stopSite('site-a', 'kill');
    await Promise.all([a('mirror', 'pool', 'info', P), b('mirror', 'pool', 'info', P)]);
    try {
      const before = await s.state();
      const r = await a.run(['mirror', 'pool', 'failover', P, '--to', 'site-b', '--timeout', '20s']);
      expect(await s.state()).toBe(before);
      expect(r.code).toBe(16);
      expect(r.stdout).toContain(`[FAIL] daemon for target: no rbd-mirror daemon is running for site-b (pool ${P})`);
      expect(r.stderr).toBe(`rbd: failover refused: daemon for target: no rbd-mirror daemon is running for site-b (pool ${P})\n`);
    } finally {
      startSite('site-a');
      startSite('site-b');
    }
  }, 120_000);

  test('preflight refuses two primaries, then split-brain; resync repairs it', async () => {
    await b('mirror', 'image', 'promote', '--force', spec('j2'));
    const two = await a.run(['mirror', 'image', 'failover', spec('j2'), '--to', 'site-b', '--dry-run']);
    expect(two.code).toBe(16);
    expect(two.stderr).toBe(`rbd: failover would fail: j2: no two primaries: j2 is primary on both site-a and site-b (a forced promotion): demote the stale copy, then mirror image resync it\n`);
    await b('mirror', 'image', 'demote', spec('j2'));
    await waitFor(async () => {
      const r = await a.run(['mirror', 'image', 'failover', spec('j2'), '--to', 'site-b', '--dry-run']);
      return r.code === 16 && /^rbd: failover would fail: j2: no split-brain: split-brain reported/.test(r.stderr) ? r : undefined;
    }, ON_CEPH ? 180_000 : 60_000, 'the split-brain to be reported', 1000);
    await b('mirror', 'image', 'resync', spec('j2'));
    expect((await b.run(['mirror', 'image', 'wait', spec('j2'), '--for', 'replaying', '--timeout', T])).code).toBe(0);
    expect((await a.run(['mirror', 'image', 'wait', spec('j2'), '--for', 'synced', '--timeout', T])).code).toBe(0);
    await expectSynced('j2', a);
  }, 600_000);

  test.skipIf(ON_CEPH)('a daemon killed part way: the wait times out and the source is re-promoted (local only: the lab\'s rbd-mirror cannot be killed)', async () => {
    await stopSite('site-b', 'kill'); // its heartbeat stays fresh for 15 s: the preflight still sees it
    try {
      const r = await a.run(['mirror', 'image', 'failover', spec('s1'), '--to', 'site-b', '--timeout', '2s']);
      expect(r.code).toBe(110);
      expect(r.stdout).toContain('s1: demote ok');
      expect(r.stdout).toContain('s1: await-demotion FAILED');
      expect(r.stdout).toContain('s1: rollback ok');
      expect(r.stdout).toMatch(/^s1: FAILED, rolled back: timed out .* \(site-a: primary.*; site-b: non-primary/m);
      expect(r.stderr).toMatch(/^rbd: failover failed: s1: timed out after [0-9.]+s waiting for the demotion of .* to reach site-b: .*\n$/);
      expect(await primaryOn(a, 's1')).toBe(true);
    } finally {
      startSite('site-b');
    }
    expect((await a.run(['mirror', 'image', 'wait', spec('s1'), '--for', 'synced', '--snapshot', '--timeout', T])).code).toBe(0);
    await expectSynced('s1', a);
  }, 300_000);

  test.skipIf(ON_CEPH)('--force with the source unreachable: forced promotion and the recovery steps, which then work (local only: the lab\'s site-a cannot be made unreachable)', async () => {
    await stopSite('site-a', 'stop');
    const dir = join(s.home, 'site-a');
    renameSync(dir, `${dir}.away`);
    let restored = false;
    try {
      const refused = await a.run(['mirror', 'image', 'failover', spec('s2'), '--to', 'site-b']);
      expect(refused.code).toBe(16);
      expect(refused.stderr).toMatch(/^rbd: failover refused: source reachable: site-a: couldn't connect .*\(with --force, site-b is promoted anyway: a disaster failover\)\n$/);
      const r = await a.run(['mirror', 'image', 'failover', spec('s2'), '--to', 'site-b', '--force']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('forced failover: site-a unreachable');
      expect(r.stdout).toContain('s2: forced-promote ok');
      expect(r.stdout).toContain(`recovery: when site-a is back: rbd --cluster site-a mirror image demote ${spec('s2')}`);
      expect(r.stdout).toContain(`recovery: then: rbd --cluster site-a mirror image resync ${spec('s2')}`);
      expect(await primaryOn(b, 's2')).toBe(true);
      renameSync(`${dir}.away`, dir);
      restored = true;
      await write(b, 's2', '256K');
      // the recovery, as printed
      await a('mirror', 'image', 'demote', spec('s2'));
      await a('mirror', 'image', 'resync', spec('s2'));
      startSite('site-a');
      await waitFor(async () => !(await a.run(['info', spec('s2')])).code && (await a.run(['mirror', 'image', 'wait', spec('s2'), '--for', 'replaying', '--timeout', '5s'])).code === 0,
        60_000, 's2 re-synced on site-a', 500);
      expect((await b.run(['mirror', 'image', 'wait', spec('s2'), '--for', 'synced', '--snapshot', '--timeout', T])).code).toBe(0);
      await expectSynced('s2', b);
      const back = await b.run(['mirror', 'image', 'failover', spec('s2'), '--to', 'site-a', '--timeout', T]);
      expect(back.code, back.stdout + back.stderr).toBe(0);
      await expectSynced('s2', a);
    } finally {
      if (!restored) renameSync(`${dir}.away`, dir);
      if (!daemons.has('site-a')) startSite('site-a');
    }
  }, 300_000);
});
