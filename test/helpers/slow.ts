// How much slower than an idle machine this run may be. Every wait in the suite is a condition
// polled up to a deadline; the deadline is scaled by this factor, so a loaded 2-core box (other
// work beside `npm test`) gets time instead of a red run, and a fast box loses nothing (a met
// condition returns at once).
//
//   RBDM_TEST_SLOW=<n>   the factor (>= 1), e.g. 4 under a CPU-heavy job
//   unset                2, or the load average per core when that is higher (<= 10), read when
//                        each deadline is set: load that rises mid-run widens the later waits
import { cpus, loadavg } from 'node:os';

function slowFactor(env: NodeJS.ProcessEnv = process.env): number {
  const explicit = Number(env.RBDM_TEST_SLOW);
  if (env.RBDM_TEST_SLOW && Number.isFinite(explicit) && explicit >= 1) return explicit;
  const perCore = loadavg()[0]! / Math.max(1, cpus().length);
  return Math.min(10, Math.max(2, Math.ceil(perCore)));
}

export const SLOW = slowFactor();

/** A deadline (ms) for this machine now: `scaled(20_000)` is 40 s at factor 2. */
export function scaled(ms: number): number {
  return Math.round(ms * Math.max(SLOW, slowFactor()));
}
