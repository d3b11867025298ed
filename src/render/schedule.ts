// `mirror snapshot schedule ls|status` in rbd's plain layout and JSON/XML keys.
import type { ScheduledImage, ScheduleItem } from '../backends/types.js';
import type { ScheduleLevelEntry } from '../domain/schedule.js';
import type { Rendering } from './output.js';
import { textTable } from './table.js';
import { localTimestamp } from './status-time.js';

const LEVEL_COLUMNS = ['POOL', 'NAMESPACE', 'IMAGE', 'SCHEDULE'].map((header) => ({ header }));
const STATUS_COLUMNS = ['SCHEDULE TIME', 'IMAGE'].map((header) => ({ header }));

const itemsJson = (items: ScheduleItem[]) => items.map((i) => ({ interval: i.interval, start_time: i.startTime ?? '' }));

/** `every 1d starting at 14:00:00-05:00, every 6h` */
const itemsText = (items: ScheduleItem[]) =>
  items.map((i) => `every ${i.interval}${i.startTime ? ` starting at ${i.startTime}` : ''}`).join(', ');

export const scheduleItemsRendering: Rendering<ScheduleItem[]> = {
  root: 'items',
  json: itemsJson,
  plain: (items) => itemsText(items) + '\n',
};

/** Columns of a level: `-` where the level does not specify that part; an image of the
 *  default namespace shows an empty namespace. */
function columns(e: ScheduleLevelEntry): [string, string, string] {
  const { pool, namespace, image } = e.level;
  return [pool ?? '-', image !== undefined ? namespace ?? '' : namespace ?? '-', image ?? '-'];
}

export const scheduleLevelsRendering: Rendering<ScheduleLevelEntry[]> = {
  root: 'schedules',
  json: (entries) => entries.map((e) => {
    const [pool, namespace, image] = columns(e);
    return { pool, namespace, image, items: itemsJson(e.items) };
  }),
  plain: (entries) => textTable(LEVEL_COLUMNS, entries.map((e) => [...columns(e), itemsText(e.items)])),
};

/** `YYYY-MM-DD HH:MM:00` in local time, as the mgr prints its queue. */
const scheduleTime = (ms: number) => localTimestamp(ms).slice(0, -2) + '00';

export const scheduleStatusRendering: Rendering<ScheduledImage[]> = {
  root: 'scheduled_images',
  json: (list) => list.map((s) => ({ schedule_time: scheduleTime(s.scheduleTime), image: s.image })),
  plain: (list) => textTable(STATUS_COLUMNS, list.map((s) => [scheduleTime(s.scheduleTime), s.image])),
  xmlItems: { scheduled_images: 'image' },
};
