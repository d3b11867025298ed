import { defineCommand } from '../../../src/cli/define.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { demotePool } from '../../../src/domain/pool-promote.js';
import { reportPoolAction } from '../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'demote'],
  describe: 'Demote all primary images in the pool.',
  positionals: [POOL_SPEC],
  options: { ...POOL_OPTIONS },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    return reportPoolAction(ctx, await demotePool(await ctx.backend(), ref));
  },
});
