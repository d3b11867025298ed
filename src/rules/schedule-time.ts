// When mirror snapshots are due: the schedule that applies to an image and its next run.
// Pure functions shared by `schedule status` and the rbd-mirror daemon's scheduler.
import type { ScheduleEntry, ScheduleItem, ScheduleLevel } from '../backends/types.js';

export interface ScheduledImageRef { pool: string; namespace: string; image: string }

const isGlobal = (l: ScheduleLevel) => l.pool === undefined;
const isPool = (l: ScheduleLevel) => l.pool !== undefined && l.namespace === undefined && l.image === undefined;
const isNamespace = (l: ScheduleLevel) => l.namespace !== undefined && l.image === undefined;

/** Depth of a level: 0 global, 1 pool, 2 namespace, 3 image. */
export function levelDepth(l: ScheduleLevel): number {
  return isGlobal(l) ? 0 : isPool(l) ? 1 : isNamespace(l) ? 2 : 3;
}

/** True when `level` covers the image (is the image's own level or one of its ancestors). */
export function levelCovers(level: ScheduleLevel, img: ScheduledImageRef): boolean {
  if (isGlobal(level)) return true;
  if (level.pool !== img.pool) return false;
  if (isPool(level)) return true;
  if (level.namespace !== img.namespace) return false;
  return isNamespace(level) || level.image === img.image;
}

/**
 * The schedule of the most specific level that covers the image and has any item
 * (image > namespace > pool > global), as rbd_support's Schedules.find does; undefined when
 * nothing applies. A default-namespace image has no namespace level: image, pool, global.
 */
export function effectiveSchedule(entries: readonly ScheduleEntry[], img: ScheduledImageRef): ScheduleItem[] | undefined {
  let best: ScheduleEntry | undefined;
  for (const e of entries) {
    if (e.items.length === 0 || !levelCovers(e.level, img)) continue;
    if (!best || levelDepth(e.level) > levelDepth(best.level)) best = e;
  }
  return best?.items;
}

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** Minutes of a normalised interval (`30m`, `6h`, `1d`). */
export function intervalMinutes(interval: string): number {
  const m = /^(\d+)([dhm])$/.exec(interval);
  return m ? Number(m[1]) * UNIT_MINUTES[m[2]!]! : NaN;
}

/** Minutes after 00:00 UTC at which the item's cycle is anchored. A start time without an
 *  offset, and no start time (midnight), are local time of day, like the mgr's naive clock. */
export function anchorMinutesUtc(startTime: string | null, localOffsetMinutes: number): number {
  const m = startTime ? /^(\d{2}):(\d{2}):\d{2}(?:([+-])(\d{2}):(\d{2}))?$/.exec(startTime) : null;
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  if (m?.[3]) return minutes - (m[3] === '-' ? -1 : 1) * (Number(m[4]) * 60 + Number(m[5]));
  return minutes - localOffsetMinutes;
}

/**
 * Next run after `nowMs` (unix ms) over the items: the earliest `anchor + k·interval > now`,
 * anchored on 1970-01-01 at the item's start time. Undefined for no (valid, non-zero) item.
 * `localOffsetMinutes` = minutes east of UTC of the local zone (default: the process's, at now).
 */
export function nextSnapshotTime(items: readonly ScheduleItem[], nowMs: number,
  localOffsetMinutes = -new Date(nowMs).getTimezoneOffset()): number | undefined {
  let next: number | undefined;
  for (const item of items) {
    const period = intervalMinutes(item.interval) * 60_000;
    if (!(period > 0)) continue;
    const anchor = anchorMinutesUtc(item.startTime, localOffsetMinutes) * 60_000;
    const t = anchor + (Math.floor((nowMs - anchor) / period) + 1) * period;
    if (next === undefined || t < next) next = t;
  }
  return next;
}
