import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { disablePoolMirroring } from '../../../src/domain/pool-mode.js';
import { parsePoolSpec } from '../../../src/domain/specs.js';
import { printNotes } from '../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'disable'],
  describe: 'Disable RBD mirroring by default within a pool.',
  positionals: [POOL_SPEC],
  options: { ...POOL_OPTIONS },
  async run(args, ctx) {
    const ref = parsePoolSpec(args.poolSpec, args, await defaultPool(ctx));
    printNotes(ctx, await disablePoolMirroring(await ctx.backend(), ref));
  },
});
