// `mirror image failover` / `mirror pool failover`: preflight, then (unless a dry run) the
// planned failover of every image, or with --force and an unreachable source, forced promotion.
import type { PoolRef } from '../../backends/types.js';
import { executePlanned, forceFailoverImage, type ExecOptions, type FailoverReport } from './executor.js';
import type { FailoverBackend } from './ports.js';
import { preflight, refusal, type Preflight } from './preflight.js';
import { mapLimit } from './steps.js';
import { mirroredImages } from './wait.js';

export interface FailoverRequest extends ExecOptions {
  pool: PoolRef;
  /** One image, or every mirrored image of the pool. */
  images: readonly string[] | 'all';
  dryRun: boolean;
  force: boolean;
  maxLagMs?: number;
  /** Called once the preflight is known (the command prints it before any step runs). */
  onPreflight?(p: Preflight): void;
}

export async function failover(source: FailoverBackend, target: FailoverBackend, req: FailoverRequest): Promise<FailoverReport> {
  const report: FailoverReport = {
    source: source.clusterName, target: target.clusterName, pool: req.pool, dryRun: req.dryRun, forced: false, ok: false, images: [],
  };
  const reachable = await source.identity().then(() => undefined, (e: unknown) => (e instanceof Error ? e.message : String(e)));
  if (reachable !== undefined && req.force) return forced(source.clusterName, target, req, report, reachable);
  const pf = await preflight(source, target, req.pool, req.images, { maxLagMs: req.maxLagMs, timing: req.timing });
  report.preflight = pf;
  req.onPreflight?.(pf);
  if (!pf.ok) {
    report.reason = refusal(pf);
    if (reachable !== undefined) report.reason += ` (with --force, ${target.clusterName} is promoted anyway: a disaster failover)`;
    return report;
  }
  if (req.dryRun) {
    report.ok = true;
    return report;
  }
  report.images = await executePlanned(source, target, pf, req);
  report.ok = report.images.every((i) => i.ok);
  if (!report.ok) report.reason = report.images.filter((i) => !i.ok).map((i) => `${i.image}: ${i.error}`).join('; ');
  return report;
}

async function forced(sourceName: string, target: FailoverBackend, req: FailoverRequest, report: FailoverReport, why: string): Promise<FailoverReport> {
  report.forced = true;
  report.reason = `${sourceName} unreachable (${why}): forced promotion on ${target.clusterName}`;
  const names = req.images === 'all' ? await mirroredImages(target, req.pool) : req.images;
  if (req.dryRun) {
    report.forcePlan = [...names];
    report.ok = names.length > 0;
    return report;
  }
  report.images = await mapLimit(names, req.concurrency, (image) => forceFailoverImage(sourceName, target, { ...req.pool, image }, req));
  report.ok = report.images.length > 0 && report.images.every((i) => i.ok);
  return report;
}
