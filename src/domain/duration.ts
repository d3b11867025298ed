// Durations on the command line of rbdm's additions (`--warn-lag 15m`, `--interval 2s`): whole
// numbers with d/h/m/s units, combinable (`1h30m`); a bare number is seconds.
import { Errno, RbdError } from '../errors.js';

const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** Seconds, or RbdError(errno) naming the option. */
export function parseDuration(raw: string, option: string, errno: number = Errno.EINVAL): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+[dhms])+$/.test(text)) throw new RbdError(errno, `invalid duration for --${option}: '${raw}' (use d, h, m, s: e.g. 90s, 15m, 1h30m)`);
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([dhms])/g)) total += Number(n) * UNIT_SECONDS[unit!]!;
  return total;
}
