// Durations on the command line of rbdm's additions (`--warn-lag 15m`, `--interval 2s`,
// `--timeout 90s`, `--max-lag 500ms`): whole numbers with ms/s/m/h/d units, combinable (`1h30m`);
// a bare number is seconds.
import { Errno, RbdError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+)(ms|[dhms])/g;

/** Milliseconds, or RbdError(errno) naming the option (`warn-lag` or `--warn-lag`). */
export function parseDurationMs(raw: string, option: string, errno: number = Errno.EINVAL): number {
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/^(\d+(ms|[dhms]))+$/.test(text)) {
    const name = option.startsWith('--') ? option : `--${option}`;
    throw new RbdError(errno, `invalid duration for ${name}: '${raw}' (use ms, s, m, h, d: e.g. 90s, 15m, 1h30m)`);
  }
  let total = 0;
  for (const [, n, unit] of text.matchAll(PART)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

/** Seconds (health thresholds and intervals are whole seconds in their output). */
export function parseDuration(raw: string, option: string, errno: number = Errno.EINVAL): number {
  return parseDurationMs(raw, option, errno) / 1000;
}

/** An optional option: undefined stays undefined (no limit). */
export function optionalDurationMs(raw: string | undefined, option: string): number | undefined {
  return raw === undefined ? undefined : parseDurationMs(raw, option);
}

/** `1.2s` under ten seconds, `42s` above: how failover reports elapsed time. */
export function formatElapsed(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}
