import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { promotePool } from '../../../src/domain/pool-promote.js';
import { parsePoolSpec } from '../../../src/domain/specs.js';
import { reportPoolAction } from '../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'promote'],
  describe: 'Promote all non-primary images in the pool.',
  positionals: [POOL_SPEC],
  options: {
    force: { type: 'boolean', describe: 'promote even if not cleanly demoted by remote cluster' },
    ...POOL_OPTIONS,
  },
  async run(args, ctx) {
    const ref = parsePoolSpec(args.poolSpec, args, await defaultPool(ctx));
    return reportPoolAction(ctx, await promotePool(await ctx.backend(), ref, { force: args.force }));
  },
});
