// Snapshot schedules: the mgr module rbd_support, driven with `rbd mirror snapshot schedule ...`
// mgr commands exactly as the rbd tool sends them.
import type { ScheduleApi } from '../backend.js';
import type { ScheduleEntry, ScheduleItem, ScheduleLevel, ScheduledImage } from '../types.js';
import { levelName, parseLevelName } from '../../rules/schedule-level.js';
import type { NativeCluster } from './native.js';

/** rbd_support answers `YYYY-MM-DD HH:MM:SS` in the mgr host's local time. */
function localMs(text: string): number {
  return new Date(text.replace(' ', 'T')).getTime();
}

interface ListOut { [id: string]: { name: string; schedule: { interval: string; start_time: string | null }[] } }

export function scheduleApi(c: NativeCluster): ScheduleApi {
  const mgr = (verb: string, args: Record<string, unknown>) => c.command('mgr', { prefix: `rbd mirror snapshot schedule ${verb}`, ...args });
  const item = (i?: ScheduleItem) => (i ? { interval: i.interval, ...(i.startTime ? { start_time: i.startTime } : {}) } : {});
  return {
    scheduleAdd: async (level, i) => { await mgr('add', { level_spec: levelName(level), ...item(i) }); },
    scheduleRemove: async (level, i) => { await mgr('remove', { level_spec: levelName(level), ...item(i) }); },
    scheduleList: async () => {
      const r = await mgr('list', { level_spec: '', format: 'json' });
      const out = JSON.parse(r.out || '{}') as ListOut;
      const entries: ScheduleEntry[] = Object.values(out).map((v) => ({
        level: parseLevelName(v.name).level,
        items: v.schedule.map((s) => ({ interval: s.interval, startTime: s.start_time })),
      }));
      const key = (l: ScheduleLevel) => [l.pool ?? '', l.namespace ?? '', l.image ?? ''].join('\0');
      return entries.sort((a, b) => (key(a.level) < key(b.level) ? -1 : key(a.level) > key(b.level) ? 1 : 0));
    },
    scheduleStatus: async (): Promise<ScheduledImage[]> => {
      const r = await mgr('status', { level_spec: '', format: 'json' });
      const out = JSON.parse(r.out || '{}') as { scheduled_images?: { schedule_time: string; image: string }[] };
      return (out.scheduled_images ?? []).map((s) => ({ scheduleTime: localMs(s.schedule_time), image: s.image }));
    },
  };
}
