// Parsing of `rbd mirror snapshot schedule ...` arguments: the level (tools/rbd/action/
// MirrorSnapshotSchedule.cc get_level_spec_name + rbd_support's LevelSpec), the interval and
// the start time (rbd_support schedule.py Interval / StartTime), with the mgr's error texts.
import type { ScheduleItem } from '../backends/types.js';
import { Errno, RbdError } from '../errors.js';
import { MgrError } from '../rules/schedule-level.js';
import { extractSpec, type SpecArgs } from './specs.js';

/** The level spec name rbd sends to the mgr, from -p/--namespace/--image. */
export function levelSpecName(args: SpecArgs, defaultPool: string): string {
  if (args.image !== undefined) {
    const m = extractSpec(args.image, 'full');
    if (m.snap !== undefined) throw new RbdError(Errno.EINVAL, "snapshot name specified for a command that doesn't use it");
    if (m.pool !== undefined) {
      if (args.pool !== undefined) throw new RbdError(Errno.EINVAL, 'pool is specified both via pool and image options');
      if (args.namespace !== undefined) throw new RbdError(Errno.EINVAL, 'namespace is specified both via namespace and image options');
    }
    const pool = args.pool ?? m.pool ?? defaultPool;
    const namespace = args.namespace ?? m.namespace ?? '';
    return namespace ? `${pool}/${namespace}/${m.image}` : `${pool}/${m.image}`;
  }
  if (args.namespace !== undefined) return `${args.pool ?? defaultPool}/${args.namespace}/`;
  if (args.pool !== undefined) return `${args.pool}/`;
  return '';
}

/** `rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: <mgr text>` */
export function mgrFailure(verb: string, err: MgrError): RbdError {
  return new RbdError(Errno.EINVAL, `rbd mirror snapshot schedule ${verb} failed: (22) Invalid argument: ${err.message}`);
}

const INTERVAL = /^(\d+)([dhm]?)$/;
const UNIT_MINUTES: Record<string, number> = { '': 1, m: 1, h: 60, d: 1440 };

/** Interval in minutes, normalised to the largest exact unit: `24h` → `1d`, `5` → `5m`.
 *  A zero interval is refused when adding (real Ceph 16.2.15 stores `0m` as `0d` and then every
 *  later add fails with a ZeroDivisionError while it exists — a deliberate improvement); it is
 *  accepted when removing, so the same text means the same item everywhere. */
export function parseInterval(raw: string, opts: { allowZero: boolean }): string {
  const m = INTERVAL.exec(raw);
  const minutes = m ? Number(m[1]) * UNIT_MINUTES[m[2]!]! : NaN;
  if (!m || !Number.isSafeInteger(minutes) || (minutes === 0 && !opts.allowZero)) throw new MgrError(`Invalid interval (${raw})`);
  return formatMinutes(minutes);
}

export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

const OFFSET_SUFFIX = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * A start time as the mgr keeps it: hour and minute only, `HH:MM:00`, plus the UTC offset when
 * one was given (`Z` → `+00:00`); a date part is dropped. Accepts ISO 8601 times and date-times
 * and `YYYY-MM-DD HH:MM[:SS]` (the mgr accepts anything dateutil parses; these are the forms
 * its documentation and tests use).
 */
export async function parseStartTime(raw: string): Promise<string> {
  const { DateTime } = await import('luxon');
  const tries = [
    () => DateTime.fromISO(raw, { setZone: true }),
    () => DateTime.fromSQL(raw, { setZone: true }),
    () => DateTime.fromFormat(raw, 'H:mm', { setZone: true }),
    () => DateTime.fromFormat(raw, 'H:mm:ss', { setZone: true }),
  ];
  let first: ReturnType<typeof DateTime.fromISO> | undefined;
  for (const attempt of tries) {
    const dt = attempt();
    if (dt.isValid) {
      const offset = OFFSET_SUFFIX.test(raw.trim()) ? dt.toFormat('ZZ') : '';
      return `${dt.toFormat('HH:mm')}:00${offset}`;
    }
    first ??= dt;
  }
  const unit = /as an? (hour|minute|second)\b/.exec(first?.invalidExplanation ?? '')?.[1];
  if (first?.invalidReason === 'unit out of range' && unit) {
    throw new MgrError(`Invalid start time ${raw}: ${unit} must be in 0..${unit === 'hour' ? 23 : 59}: ${raw}`);
  }
  throw new MgrError(`Invalid start time ${raw}: Unknown string format: ${raw}`);
}

/** Both halves of a schedule item, in the mgr's order of checks (interval, then start time). */
export async function parseItem(interval: string, startTime: string | undefined, opts: { allowZero: boolean }): Promise<ScheduleItem> {
  const normalised = parseInterval(interval, opts);
  return { interval: normalised, startTime: startTime ? await parseStartTime(startTime) : null };
}
