// Helpers for tests that need the two-site Ceph lab (scripts/ceph-lab.sh). They run only when
// .ci/run (or a developer) brought the lab up and said so with RBDM_CEPH_LAB=1; otherwise every
// suite skips with the reason in its title.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/rbd.js';

const run = promisify(execFile);
export const SITES = ['site-a', 'site-b'] as const;
export const REAL_RBD = process.env.REAL_RBD ?? '/usr/bin/rbd';
const ADDON = join(ROOT, 'native', 'build', 'Release', 'rbdm_ceph.node');

function why(): string | undefined {
  if (process.env.RBDM_CEPH_LAB !== '1') return 'RBDM_CEPH_LAB is not 1 (scripts/ceph-lab.sh up, then export RBDM_CEPH_LAB=1)';
  if (!existsSync('/etc/ceph/site-a.conf') || !existsSync('/etc/ceph/site-b.conf')) return 'no /etc/ceph/site-{a,b}.conf: the lab is not up';
  if (!existsSync(ADDON)) return 'native addon not built (npm run build:native)';
  return undefined;
}
export const SKIP_REASON = why();
export const LAB_UP = SKIP_REASON === undefined;
/** Suite title carrying the skip reason, so a skipped run says why. */
export const labTitle = (name: string) => (LAB_UP ? name : `${name} [skipped: ${SKIP_REASON}]`);

export async function ceph(site: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('ceph', ['--cluster', site, ...args], { timeout: 60_000 });
  return stdout;
}

/** A fresh replicated pool, `rbd pool init`-ed, on both sites. */
export async function createPoolOnBothSites(pool: string): Promise<void> {
  await Promise.all(SITES.map(async (s) => {
    await ceph(s, 'osd', 'pool', 'create', pool, '8', '8');
    await run(REAL_RBD, ['--cluster', s, 'pool', 'init', pool], { timeout: 60_000 });
  }));
}

export async function realRbd(...args: string[]): Promise<string> {
  const { stdout } = await run(REAL_RBD, args, { timeout: 60_000 });
  return stdout;
}

/** Polls until `check` returns a value (not undefined/false) or the time runs out. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, seconds = 120): Promise<T> {
  const end = Date.now() + seconds * 1000;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Prints why a lab suite is skipped (the default reporter shows only "skipped"). */
export function announceSkip(suite: string): void {
  if (!LAB_UP) console.warn(`ceph lab: skipping "${suite}": ${SKIP_REASON}`);
}
