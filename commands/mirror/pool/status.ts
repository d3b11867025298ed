import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { FORMAT_OPTIONS, POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { watch, WATCH_OPTIONS, watchIntervalMs } from '../../../src/cli/watch.js';
import { parsePoolSpec } from '../../../src/domain/specs.js';
import { poolMirrorStatus } from '../../../src/domain/status.js';
import { render } from '../../../src/render/output.js';
import { poolStatusRendering } from '../../../src/render/status.js';

export default defineCommand({
  path: ['mirror', 'pool', 'status'],
  describe: 'Show status for all mirrored images in the pool.',
  colour: true,
  positionals: [POOL_SPEC],
  options: {
    ...POOL_OPTIONS,
    ...FORMAT_OPTIONS,
    verbose: { type: 'boolean', describe: 'be verbose' },
    ...WATCH_OPTIONS,
  },
  async run(args, ctx) {
    const ref = parsePoolSpec(args.poolSpec, args, await defaultPool(ctx));
    const backend = await ctx.backend();
    const read = () => poolMirrorStatus(backend, ref, { verbose: !!args.verbose });
    if (args.watch) {
      return watch(ctx, { title: `rbd mirror pool status ${ref.pool}`, read, rendering: poolStatusRendering }, watchIntervalMs(args.interval));
    }
    render(ctx, await read(), poolStatusRendering);
  },
});
