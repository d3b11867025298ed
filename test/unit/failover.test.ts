// The failover planner, executor, rollback, forced promotion and drill over a fake two-cluster
// world (test/unit/failover-fake.ts) with a virtual clock: no daemons, no waiting.
import { describe, expect, test } from 'vitest';
import { imageChecksum } from '../../src/domain/failover/data.js';
import { drillPool } from '../../src/domain/failover/drill.js';
import { failover, type FailoverRequest } from '../../src/domain/failover/failover.js';
import { refusal } from '../../src/domain/failover/preflight.js';
import { syncedCondition, waitUntil } from '../../src/domain/failover/wait.js';
import { isRbdError } from '../../src/errors.js';
import { setBehind, World } from './failover-fake.js';

const pool = { pool: 'p', namespace: '' };

function setup(images: Array<[string, 'journal' | 'snapshot']>) {
  const w = new World();
  for (const [n, m] of images) w.addImage(n, m);
  const a = w.cluster('site-a');
  const b = w.cluster('site-b');
  const req = (over: Partial<FailoverRequest> = {}): FailoverRequest => ({
    pool, images: 'all', dryRun: false, force: false, timeoutMs: 30_000, timing: w.timing(), concurrency: 2, ...over,
  });
  return { w, a, b, req };
}

describe('planned failover', () => {
  test('a journal and a snapshot image fail over and back, data identical on both sites', async () => {
    const { w, a, b, req } = setup([['j1', 'journal'], ['s1', 'snapshot']]);
    const there = await failover(a, b, req());
    expect(there.ok).toBe(true);
    expect(there.images.map((i) => [i.image, i.ok, i.steps.map((s) => s.step)])).toEqual([
      ['j1', true, ['demote', 'await-demotion', 'promote', 'writable', 'verify']],
      ['s1', true, ['demote', 'await-demotion', 'promote', 'writable', 'verify']],
    ]);
    for (const i of there.images) expect(i.final).toEqual({ source: 'non-primary, up+replaying', target: 'primary, up+stopped' });
    await b.writeImage({ ...pool, image: 's1' }, [{ offset: 10, data: Buffer.from('written on site-b') }]);
    const back = await failover(b, a, req());
    expect(back.ok).toBe(true);
    for (const image of ['j1', 's1']) {
      const ref = { ...pool, image };
      expect(await imageChecksum(a, ref)).toBe(await imageChecksum(b, ref));
      expect(w.images.get(image)!.copies['site-a']!.primary).toBe(true);
    }
    expect((await a.readImage({ ...pool, image: 's1' }, 10, 17)).toString()).toBe('written on site-b');
  });

  test('a pool failover moves every image, several at a time, and reports each', async () => {
    const { a, b, req } = setup([['i1', 'journal'], ['i2', 'snapshot'], ['i3', 'journal'], ['i4', 'snapshot']]);
    const steps: string[] = [];
    const r = await failover(a, b, req({ concurrency: 2, onStep: (e) => steps.push(`${e.image}:${e.step}`) }));
    expect(r.ok).toBe(true);
    expect(r.images.map((i) => i.image)).toEqual(['i1', 'i2', 'i3', 'i4']);
    expect(steps.filter((s) => s.endsWith(':verify'))).toHaveLength(4);
    // bounded: the third image's demotion waits until one of the first two is done
    expect(steps.indexOf('i3:demote')).toBeGreaterThan(Math.min(steps.indexOf('i1:verify'), steps.indexOf('i2:verify')));
  });

  test('a dry run changes nothing and returns the plan', async () => {
    const { w, a, b, req } = setup([['j1', 'journal'], ['s1', 'snapshot']]);
    const before = w.snapshot();
    const r = await failover(a, b, req({ dryRun: true }));
    expect(r.ok).toBe(true);
    expect(r.images).toEqual([]);
    expect(r.preflight!.images.map((i) => [i.image, i.action])).toEqual([['j1', 'failover'], ['s1', 'failover']]);
    expect(w.snapshot()).toBe(before);
    expect(w.calls.filter((c) => /promote|demote|write|flush/.test(c))).toEqual([]);
  });

  test('an image already on the target is left alone; a half-done failover resumes', async () => {
    const { w, a, b, req } = setup([['done', 'journal'], ['half', 'journal']]);
    await a.mirrorImageDemote({ ...pool, image: 'done' });
    w.tick();
    await b.mirrorImagePromote({ ...pool, image: 'done' }, false);
    await a.mirrorImageDemote({ ...pool, image: 'half' });
    const r = await failover(a, b, req());
    expect(r.ok).toBe(true);
    expect(r.images.map((i) => [i.image, i.action, i.steps.map((s) => s.step)])).toEqual([
      ['done', 'none', []], ['half', 'resume', ['await-demotion', 'promote', 'writable', 'verify']],
    ]);
  });
});

describe('preflight refusals', () => {
  test('no daemon for the target', async () => {
    const { w, a, b, req } = setup([['j1', 'journal']]);
    w.daemonUp['site-b'] = false;
    const before = w.snapshot();
    const r = await failover(a, b, req());
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('daemon for target: no rbd-mirror daemon is running for site-b (pool p)');
    expect(w.snapshot()).toBe(before);
  });

  test('split-brain reported by a site', async () => {
    const { w, a, b, req } = setup([['j1', 'journal']]);
    w.images.get('j1')!.copies['site-b']!.record = { mirrorUuid: '', state: 'error', description: 'split-brain detected', lastUpdate: 1, up: true };
    const r = await failover(a, b, req());
    expect(r.reason).toBe('j1: no split-brain: split-brain reported (split-brain detected): demote the stale copy and run mirror image resync on it');
  });

  test('two primaries', async () => {
    const { w, a, b, req } = setup([['j1', 'journal']]);
    w.images.get('j1')!.copies['site-b']!.primary = true;
    const r = await failover(a, b, req());
    expect(r.reason).toMatch(/^j1: no two primaries: j1 is primary on both site-a and site-b/);
  });

  test('lag over --max-lag', async () => {
    const { w, a, b, req } = setup([['j1', 'journal']]);
    setBehind(w, 'j1', 'site-b', 5);
    const r = await failover(a, b, req({ maxLagMs: 30_000 }));
    expect(r.reason).toBe('j1: lag: lag 120s > --max-lag 30s');
    const ok = await failover(a, b, req({ maxLagMs: 300_000, dryRun: true }));
    expect(ok.ok).toBe(true);
  });
});

describe('failure part way', () => {
  test('the target daemon dies after the demotion: the wait times out and the source is re-promoted', async () => {
    const { w, a, b, req } = setup([['j1', 'journal']]);
    const r = await failover(a, b, req({ timeoutMs: 5000, onStep: (e) => { if (e.step === 'demote') w.daemonUp['site-b'] = false; } }));
    expect(r.ok).toBe(false);
    const [o] = r.images;
    expect(o!.steps.map((s) => [s.step, s.ok])).toEqual([['demote', true], ['await-demotion', false], ['rollback', true]]);
    expect(o!.rolledBack).toBe(true);
    expect(o!.errno).toBe(110);
    expect(o!.error).toMatch(/^timed out after 5\.\ds waiting for the demotion of p\/j1 to reach site-b: .*likely cause: no rbd-mirror daemon is running for site-b/);
    expect(o!.final.source).toMatch(/^primary/);
    expect(w.images.get('j1')!.copies['site-a']!.primary).toBe(true);
  });

  test('the target becomes unreachable after the demotion: rolled back, final state says so', async () => {
    const { w, a, b, req } = setup([['s1', 'snapshot']]);
    const r = await failover(a, b, req({ timeoutMs: 3000, onStep: (e) => { if (e.step === 'demote') w.unreachable['site-b'] = true; } }));
    const [o] = r.images;
    expect(o!.rolledBack).toBe(true);
    expect(o!.final).toEqual({ source: 'primary, up+stopped', target: "unknown (couldn't connect to the cluster 'site-b')" });
  });

  test('a rollback that fails too says the image has no primary and what to run', async () => {
    const { w, a, b, req } = setup([['j1', 'journal']]);
    const r = await failover(a, b, req({ timeoutMs: 2000, onStep: (e) => { if (e.step === 'demote') { w.daemonUp['site-b'] = false; w.unreachable['site-a'] = true; } } }));
    expect(r.images[0]!.rolledBack).toBe(false);
    expect(r.images[0]!.error).toContain('rollback failed, p/j1 has NO primary: run rbd --cluster site-a mirror image promote p/j1');
  });
});

describe('forced failover', () => {
  test('an unreachable source is refused without --force; with it the target is force-promoted and the recovery spelled out', async () => {
    const { w, a, b, req } = setup([['j1', 'journal'], ['s1', 'snapshot']]);
    w.unreachable['site-a'] = true;
    const refused = await failover(a, b, req());
    expect(refused.ok).toBe(false);
    expect(refused.reason).toBe("source reachable: site-a: couldn't connect to the cluster 'site-a' (with --force, site-b is promoted anyway: a disaster failover)");
    const r = await failover(a, b, req({ force: true }));
    expect(r.ok).toBe(true);
    expect(r.forced).toBe(true);
    expect(w.calls.filter((c) => c.includes('--force'))).toEqual(['site-b promote j1 --force', 'site-b promote s1 --force']);
    expect(r.images[0]!.recovery).toEqual([
      'when site-a is back: rbd --cluster site-a mirror image demote p/j1',
      'then: rbd --cluster site-a mirror image resync p/j1',
      'then watch: rbd --cluster site-a mirror image health p/j1 (until OK: up+replaying, no split-brain)',
    ]);
  });
});

describe('wait', () => {
  test('a wait that cannot be reached times out with ETIMEDOUT (110) naming the missing part and the cause', async () => {
    const { w, a, b } = setup([['j1', 'journal']]);
    setBehind(w, 'j1', 'site-b', 7);
    w.daemonUp['site-b'] = false;
    const cond = await syncedCondition(a, b, { ...pool, image: 'j1' }, { timing: w.timing() });
    const err = await waitUntil(cond, { timeoutMs: 2000, timing: w.timing(), what: 'p/j1 to be synced' }).catch((e: unknown) => e);
    expect(isRbdError(err, 110)).toBe(true);
    expect((err as Error).message).toMatch(/^timed out after 2\.\ds waiting for p\/j1 to be synced: j1: site-b .*; likely cause: no rbd-mirror daemon is running for site-b/);
  });
});

describe('drill', () => {
  test('figures are measured: RTO from the virtual clock, RPO from the data the target lacks', async () => {
    const { a, b, w } = setup([['j1', 'journal'], ['s1', 'snapshot']]);
    const opts = { timeoutMs: 30_000, timing: w.timing(), concurrency: 1 };
    const r = await drillPool(a, b, pool, opts);
    expect(r.ok).toBe(true);
    for (const i of r.images) {
      expect(i.rpoBytes).toBe(0);
      expect(i.rtoSeconds).toBeGreaterThan(0);
      expect(i.checks.every((c) => c.ok)).toBe(true);
    }
    // an unclean copy: the last write before the demotion never reaches the target
    await a.writeImage({ ...pool, image: 'j1' }, [{ offset: 100, data: Buffer.alloc(512, 1) }]);
    w.loseLastWrite = true;
    const lossy = await drillPool(a, b, pool, opts);
    expect(lossy.ok).toBe(false);
    const j1 = lossy.images.find((i) => i.image === 'j1')!;
    expect(j1.rpoBytes).toBe(512);
    expect(j1.checks.find((c) => c.name === 'no data lost')).toMatchObject({ ok: false, detail: "512 bytes of site-a's data missing on site-b at promotion" });
  });
});

test('refusal names the first failing check', () => {
  expect(refusal({ ok: false, source: 'a', target: 'b', pool, sourceReplaysBack: true, checks: [{ name: 'x', ok: true, detail: '' }],
    images: [{ image: 'i', action: 'refused', checks: [{ name: 'lag', ok: false, detail: 'too high' }] }] })).toBe('i: lag: too high');
});
