// Date arguments as Ceph's rbd reads them (utime_t::invoke_date): handed to `date --date=<text>
// +%s`, so `2030-01-01`, `tomorrow` and `+2 hours` all work as they do with real rbd.
import { execFileSync } from 'node:child_process';

/** Unix seconds of the date text, or undefined when `date` cannot parse it. */
export function parseDateArgument(text: string): number | undefined {
  try {
    const out = execFileSync('date', [`--date=${text}`, '+%s'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LC_ALL: 'C' } });
    const secs = Number.parseInt(out.trim(), 10);
    return Number.isFinite(secs) ? secs : undefined;
  } catch {
    return undefined;
  }
}
