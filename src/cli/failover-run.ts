// Runs a failover request for the image and pool commands: prints the preflight, the plan or the
// steps as they run, the final state; maps a refusal or a failure to one `rbd:` line.
import type { Backend } from '../backends/backend.js';
import type { PoolRef } from '../backends/types.js';
import { optionalDurationMs as parseDuration } from '../rules/duration.js';
import { failover } from '../domain/failover/failover.js';
import { Errno, RbdError } from '../errors.js';
import { failoverJson, failoverSummary, planText, preflightText } from '../render/failover.js';
import { toJson } from '../render/output.js';
import type { Context } from './context.js';
import { DEFAULT_FAILOVER_TIMEOUT_MS, openTarget, stepPrinter, timeoutMs, timing } from './failover-cli.js';

export interface FailoverArgs { to?: string; dryRun: boolean; force: boolean; maxLag?: string; timeout?: string }

export async function runFailover(ctx: Context, source: Backend, pool: PoolRef, images: readonly string[] | 'all',
  args: FailoverArgs, concurrency: number): Promise<void> {
  const maxLagMs = parseDuration(args.maxLag, '--max-lag');
  const timeout = timeoutMs(args.timeout, DEFAULT_FAILOVER_TIMEOUT_MS)!;
  const target = await openTarget(ctx, args.to);
  const plain = ctx.format === 'plain';
  const report = await failover(source, target, {
    pool, images, dryRun: args.dryRun, force: args.force, maxLagMs, timeoutMs: timeout, timing: timing(), concurrency,
    onStep: stepPrinter(ctx),
    onPreflight: (p) => { if (plain) ctx.print.write(preflightText(p)); },
  });
  if (plain) {
    if (report.dryRun) ctx.print.write(planText(report));
    ctx.print.write(failoverSummary(report));
  } else {
    ctx.print.line(toJson(failoverJson(report), ctx.pretty));
  }
  if (report.ok) return;
  const errno = report.images.find((i) => !i.ok)?.errno ?? (report.preflight && !report.preflight.ok ? Errno.EBUSY : Errno.EIO);
  const what = report.dryRun ? 'failover would fail' : report.preflight && !report.preflight.ok ? 'failover refused' : 'failover failed';
  throw new RbdError(errno, `${what}: ${report.reason ?? 'see the report above'}`);
}
