import { healthOutput, HEALTH_OPTIONS, healthThresholds } from '../../../src/cli/health-options.js';
import { defineCommand } from '../../../src/cli/define.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { watch, WATCH_OPTIONS, watchIntervalMs } from '../../../src/cli/watch.js';
import { HEALTH_EXIT, healthFingerprint, poolHealth, unknownOnFailure } from '../../../src/domain/replication/health.js';
import { resolvePoolSpec } from '../../../src/domain/specs.js';
import { formatted } from '../../../src/render/output.js';

export default defineCommand({
  path: ['mirror', 'pool', 'health'],
  describe: 'Show replication health of mirrored images (rbdm addition).',
  details: 'Show replication health of mirrored images (rbdm addition).\nWith no pool, every mirrored pool of the cluster.\nExit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (cluster or pool unreachable or missing).',
  colour: true,
  positionals: [{ ...POOL_SPEC, optional: true }],
  options: { ...POOL_OPTIONS, ...HEALTH_OPTIONS, ...WATCH_OPTIONS },
  async run(args, ctx) {
    const thresholds = await unknownOnFailure(async () => healthThresholds(args));
    const ref = args.poolSpec !== undefined || args.pool !== undefined ? resolvePoolSpec(args.poolSpec, args, '') : undefined;
    const backend = await unknownOnFailure(() => ctx.backend());
    const read = () => unknownOnFailure(() => poolHealth(backend, ref, thresholds));
    const { view, rendering } = await healthOutput(ctx, args.format, !!args.verbose);
    if (args.watch) {
      const title = `rbd mirror pool health ${ref ? ref.pool : ''}`.trim();
      return watch(view, { title, read, rendering, key: healthFingerprint }, watchIntervalMs(args.interval));
    }
    const report = await read();
    ctx.print.write(formatted(view, report, rendering));
    return HEALTH_EXIT[report.status];
  },
});
