// Snapshot schedules (what the mgr module rbd_support keeps on Ceph).
import type { ScheduleApi } from '../backend.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

export function scheduleApi(_core: LocalCore): ScheduleApi {
  return {
    scheduleAdd: async () => notImplemented('scheduleAdd'),
    scheduleRemove: async () => notImplemented('scheduleRemove'),
    scheduleList: async () => notImplemented('scheduleList'),
    scheduleStatus: async () => notImplemented('scheduleStatus'),
  };
}
