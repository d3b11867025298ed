import { defineCommand } from '../../../src/cli/define.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { promotePool } from '../../../src/domain/pool-promote.js';
import { reportPoolAction } from '../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'promote'],
  describe: 'Promote all non-primary images in the pool.',
  positionals: [POOL_SPEC],
  options: {
    force: { type: 'boolean', describe: 'promote even if not cleanly demoted by remote cluster' },
    ...POOL_OPTIONS,
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    return reportPoolAction(ctx, await promotePool(await ctx.backend(), ref, { force: args.force }));
  },
});
