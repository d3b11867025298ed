// The daemon's timings come from Ceph's rbd-mirror options (command line > cluster config >
// default); the RBDM_DAEMON_* variables are test-only overrides that win over them.
import { expect, test } from 'vitest';
import { timingFrom } from '../../src/daemon/timing.js';

const options = (values: Record<string, string>) => (name: string) => values[name] ?? 'unset';

test('the restart delay after a demotion follows rbd_mirror_image_state_check_interval', () => {
  expect(timingFrom({}, options({ rbd_mirror_image_state_check_interval: '5' })).replayerRestartMs).toBe(5000);
  expect(timingFrom({}, options({ rbd_mirror_image_state_check_interval: '30' })).replayerRestartMs).toBe(30_000);
  // without any option source: Ceph's defaults
  expect(timingFrom({})).toMatchObject({ replayerRestartMs: 30_000, concurrentImageSyncs: 5, poolRefreshMs: 30_000, pollMs: 1000 });
});

test('concurrent image syncs, journal poll age and pool refresh interval are read', () => {
  const t = timingFrom({}, options({
    rbd_mirror_concurrent_image_syncs: '2', rbd_mirror_journal_poll_age: '0.2', rbd_mirror_pool_replayers_refresh_interval: '7',
    rbd_mirror_image_state_check_interval: '30',
  }));
  expect(t).toMatchObject({ concurrentImageSyncs: 2, pollMs: 200, poolRefreshMs: 7000 });
});

test('RBDM_DAEMON_* overrides win; unusable values fall back', () => {
  const t = timingFrom({ RBDM_DAEMON_RESTART_MS: '1500', RBDM_DAEMON_POLL_MS: 'x' }, options({ rbd_mirror_image_state_check_interval: '5' }));
  expect(t.replayerRestartMs).toBe(1500);
  expect(t.pollMs).toBe(1000);
});
