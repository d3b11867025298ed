// `--timeout 90s`, `--max-lag 5m`: a number with an optional unit (ms, s, m, h); a bare number is seconds.
import { Errno, RbdError } from '../../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds; undefined stays undefined (no limit). */
export function parseDuration(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new RbdError(Errno.EINVAL, `invalid ${option} '${text}' (examples: 30s, 5m, 1h)`);
  return Math.round(Number(m[1]) * UNITS[m[2] ?? 's']!);
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
}
