// The daemon's snapshot scheduler (standing in for the mgr): snapshots primary snapshot-mode
// images at the times `schedule status` announces, on the most specific schedule, and skips
// non-primary images.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { LocalCore } from '../../src/backends/local/core.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { localConnector } from '../../src/backends/local/replication/index.js';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { listMirrorSnapshots } from '../../src/backends/local/mirror-snapshots.js';
import { silentLogger } from '../../src/daemon/log.js';
import { SnapshotScheduler } from '../../src/daemon/scheduler.js';
import { tempHome } from '../helpers/rbd.js';

let home: string;
let a: Backend;
let core: LocalCore;
const ref = (image: string) => ({ pool: 'p', namespace: '', image });
const snaps = (image: string) => {
  return listMirrorSnapshots(core, new LocalFixtures(core).imageId(image)).length;
};

beforeEach(async () => {
  home = tempHome('rbdm-sched-');
  a = createLocalBackend({ cluster: 'site-a', configOverrides: {} }, { RBDM_HOME: home });
  core = new LocalCore({ cluster: 'site-a', configOverrides: {} }, { RBDM_HOME: home });
  await a.osdPoolCreate('p');
  await a.poolInit('p');
  await a.setMirrorMode({ pool: 'p', namespace: '' }, 'image');
  await a.addPeer('p', { direction: 'rx-tx', siteName: 'site-b', clientName: 'client.admin' });
  for (const name of ['hourly', 'fast', 'demoted']) {
    await a.createImage(ref(name), { size: 1 << 20, order: 22, features: ['layering'] });
    await a.mirrorImageEnable(ref(name), 'snapshot');
  }
  await a.mirrorImageDemote(ref('demoted'));
});

afterEach(async () => {
  core.close();
  await a.close();
  rmSync(home, { recursive: true, force: true });
});

test('snapshots are taken on the most specific schedule, at the times schedule status shows', async () => {
  await a.scheduleAdd({ pool: 'p' }, { interval: '1h', startTime: null });
  await a.scheduleAdd({ pool: 'p', namespace: '', image: 'fast' }, { interval: '5m', startTime: null });
  const status = await a.scheduleStatus();
  expect(status.map((s) => s.image)).toEqual(['p/fast', 'p/hourly']);
  const fastAt = status[0]!.scheduleTime;
  const hourlyAt = status[1]!.scheduleTime;

  const endpoint = localConnector({ cluster: 'site-a', clientId: 'admin', configOverrides: {}, env: { RBDM_HOME: home } }).local();
  const scheduler = new SnapshotScheduler(endpoint, silentLogger);
  const now = Date.now();
  await scheduler.tick(now);
  expect([snaps('fast'), snaps('hourly'), snaps('demoted')]).toEqual([1, 1, 2]);
  await scheduler.tick(fastAt - 1);
  expect(snaps('fast')).toBe(1);
  await scheduler.tick(fastAt);
  expect(snaps('fast')).toBe(2);
  expect(snaps('hourly')).toBe(fastAt >= hourlyAt ? 2 : 1);
  await scheduler.tick(hourlyAt);
  expect(snaps('hourly')).toBe(2);
  // the demoted (non-primary) image is never snapshotted
  expect(snaps('demoted')).toBe(2);
  endpoint.close();
});
