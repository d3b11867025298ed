import { defineCommand } from '../../../src/cli/define.js';
import { FORMAT_OPTIONS, POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { poolMirrorInfo } from '../../../src/domain/pool-info.js';
import { render } from '../../../src/render/output.js';
import { poolInfoRendering } from '../../../src/render/pool-info.js';

export default defineCommand({
  path: ['mirror', 'pool', 'info'],
  describe: 'Show information about the pool mirroring configuration.',
  positionals: [POOL_SPEC],
  options: {
    ...POOL_OPTIONS,
    ...FORMAT_OPTIONS,
    all: { type: 'boolean', describe: 'list all attributes' },
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    const info = await poolMirrorInfo(await ctx.backend(), ref, { all: args.all });
    render(ctx, info, poolInfoRendering(args.all));
  },
});
