// Health of replicated images in the monitoring-plugin convention (Nagios/Icinga): OK, WARNING,
// CRITICAL, UNKNOWN with exit codes 0-3, from the typed replication state.
import type { Backend } from '../../backends/backend.js';
import type { ImageRef, PoolRef } from '../../backends/types.js';
import { isRbdError, RbdError } from '../../errors.js';
import { HEALTH_EXIT, healthOf, type HealthStatus } from '../../rules/health.js';
import { clusterReplicationState, imagePoolState, poolReplicationState } from './state.js';
import type { ImageReplication, PoolReplication, Problem, ReplicationOptions } from './types.js';

export { HEALTH_EXIT, healthOf, type HealthStatus } from '../../rules/health.js';

export interface HealthReport {
  status: HealthStatus;
  /** Images per health. */
  counts: Record<Exclude<HealthStatus, 'UNKNOWN'>, number>;
  pools: PoolReplication[];
  /** Set for `mirror image health`: the one image asked about. */
  image?: ImageReplication;
}

function report(pools: PoolReplication[], image?: ImageReplication): HealthReport {
  const counts = { OK: 0, WARNING: 0, CRITICAL: 0 };
  const all: Problem[] = [];
  for (const p of pools) {
    all.push(...p.problems);
    for (const i of p.images) { counts[healthOf(i.problems) as keyof typeof counts]++; all.push(...i.problems); }
  }
  return { status: healthOf(all), counts, pools, ...(image ? { image } : {}) };
}

/** Any failure to read the state means UNKNOWN: exit 3, with the failure's own one-line message. */
export async function unknownOnFailure<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(HEALTH_EXIT.UNKNOWN, e.message);
    throw new RbdError(HEALTH_EXIT.UNKNOWN, e instanceof Error ? e.message : String(e));
  }
}

/** One pool (or namespace), or every mirrored pool of the cluster when `ref` is undefined. */
export async function poolHealth(backend: Backend, ref: PoolRef | undefined, opts: ReplicationOptions): Promise<HealthReport> {
  return report(ref ? [await poolReplicationState(backend, ref, opts)] : await clusterReplicationState(backend, opts));
}

export async function imageHealth(backend: Backend, ref: ImageRef, opts: ReplicationOptions): Promise<HealthReport> {
  const pool = await imagePoolState(backend, ref, opts);
  return report([pool], pool.images[0]);
}

/** What a change of health is for `--watch`: statuses, problems and states, not ages or rates. */
export function healthFingerprint(r: HealthReport): string {
  return JSON.stringify([r.status, r.pools.map((p) => [p.pool, p.namespace, p.problems.map((x) => [x.code, x.severity, x.site]),
    p.images.map((i) => [i.name, i.role, i.problems.map((x) => [x.code, x.severity, x.site]),
      i.local && [i.local.state, i.local.up], i.peers.map((x) => [x.siteName, x.status.state, x.status.up])])])]);
}
