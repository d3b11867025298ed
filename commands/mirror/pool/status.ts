import { defineCommand } from '../../../src/cli/define.js';
import { FORMAT_OPTIONS, POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { watch, WATCH_OPTIONS, watchIntervalMs } from '../../../src/cli/watch.js';
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
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    const backend = await ctx.backend();
    const read = () => poolMirrorStatus(backend, ref, { verbose: !!args.verbose });
    if (args.watch) {
      return watch(ctx, { title: `rbd mirror pool status ${ref.pool}`, read, rendering: poolStatusRendering }, watchIntervalMs(args.interval));
    }
    render(ctx, await read(), poolStatusRendering);
  },
});
