import { defineCommand } from '../../../src/cli/define.js';
import {
  concurrency, CONCURRENCY_OPTION, DEFAULT_FAILOVER_TIMEOUT_MS, FAILOVER_OPTIONS, JSON_FORMAT_OPTIONS, openTarget, RBDM_ADDITION, stepPrinter, timeoutMs, timing,
} from '../../../src/cli/failover-cli.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { drillPool } from '../../../src/domain/failover/drill.js';
import { optionalDurationMs as parseDuration } from '../../../src/rules/duration.js';
import { Errno, RbdError } from '../../../src/errors.js';
import { drillJson, drillText } from '../../../src/render/failover.js';
import { toJson } from '../../../src/render/output.js';

export default defineCommand({
  path: ['mirror', 'pool', 'drill'],
  describe: `Failover drill: fail over, probe, compare checksums, fail back; RPO and RTO per image. ${RBDM_ADDITION}`,
  details: `Failover drill: fail over, probe, compare checksums, fail back; RPO and RTO per image. ${RBDM_ADDITION} ` +
    'For every mirrored image: fail over to --to, write a 4 KiB probe at the end of the image through the new primary, ' +
    'wait until it is synced back, compare checksums on both sites, restore the probed bytes, fail back, and check both sites ' +
    `hold the data of before the drill. Exit 0 only when every check held.`,
  positionals: [POOL_SPEC],
  options: { ...FAILOVER_OPTIONS, ...CONCURRENCY_OPTION, ...POOL_OPTIONS, ...JSON_FORMAT_OPTIONS },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    const report = await drillPool(await ctx.backend(), await openTarget(ctx, args.to), ref, {
      maxLagMs: parseDuration(args.maxLag, '--max-lag'), timeoutMs: timeoutMs(args.timeout, DEFAULT_FAILOVER_TIMEOUT_MS)!,
      timing: timing(), concurrency: concurrency(args.maxConcurrent), onStep: stepPrinter(ctx),
    });
    ctx.print.write(ctx.format === 'json' ? toJson(drillJson(report), ctx.pretty) + '\n' : drillText(report));
    if (!report.ok) throw new RbdError(report.images.length ? Errno.EIO : Errno.EBUSY, `drill failed: ${report.reason}`);
  },
});
