import { defineCommand } from '../../../src/cli/define.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { disablePoolMirroring } from '../../../src/domain/pool-mode.js';
import { printNotes } from '../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'disable'],
  describe: 'Disable RBD mirroring by default within a pool.',
  positionals: [POOL_SPEC],
  options: { ...POOL_OPTIONS },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    printNotes(ctx, await disablePoolMirroring(await ctx.backend(), ref));
  },
});
