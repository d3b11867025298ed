// Ceph's QA scenario for journal-based mirroring (qa/workunits/rbd/rbd_mirror_journal.sh) on two local
// clusters: the steps of qa-steps.ts in order, `rbd export` checksums of the head and every user
// snapshot compared on both sites after each (qa-scenario.ts). Local only: the lab's rbd-mirror
// daemons cannot be stopped and run Ceph's default 30 s image state check interval.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ON_CEPH } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';
import { newQa, runScenario, type Qa } from './qa-scenario.js';
import { CEPH_QA_STEPS } from './qa-steps.js';

describe.skipIf(ON_CEPH)('Ceph QA scenario, journal mode [local]', () => {
  let q: Qa;
  beforeAll(async () => { q = await newQa('qa-jour', 'journal'); });
  afterAll(async () => { await Promise.all([...q.daemons.values()].map((d) => d.kill())); });

  test('rbd_mirror_journal.sh steps in order, checksums equal after each', async () => {
    const started = Date.now();
    await runScenario(q, CEPH_QA_STEPS, (line) => console.log(line));
    const loop = q.timings['failover loop']!;
    console.log(`qa journal: failover loop x${q.timings['failover rounds']} ${(loop / 1000).toFixed(1)} s, scenario ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(q.images.size).toBe(0);
  }, scaled(600_000));
});
