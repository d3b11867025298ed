import { healthOutput, HEALTH_OPTIONS, healthThresholds } from '../../../src/cli/health-options.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { HEALTH_EXIT, imageHealth, unknownOnFailure } from '../../../src/domain/replication/health.js';
import { resolveImageSpec } from '../../../src/domain/specs.js';
import { formatted } from '../../../src/render/output.js';

export default defineCommand({
  path: ['mirror', 'image', 'health'],
  describe: 'Show replication health of a mirrored image (rbdm addition).',
  details: 'Show replication health of a mirrored image (rbdm addition).\nExit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (cluster, pool or image unreachable or missing).',
  colour: true,
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...HEALTH_OPTIONS },
  async run(args, ctx) {
    const thresholds = await unknownOnFailure(async () => healthThresholds(args));
    const ref = await unknownOnFailure(async () => resolveImageSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'none' }));
    const backend = await unknownOnFailure(() => ctx.backend());
    const report = await unknownOnFailure(() => imageHealth(backend, ref, thresholds));
    const { view, rendering } = await healthOutput(ctx, args.format, !!args.verbose);
    ctx.print.write(formatted(view, report, rendering));
    return HEALTH_EXIT[report.status];
  },
});
