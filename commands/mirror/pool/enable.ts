import { defineCommand } from '../../../src/cli/define.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { afterPool } from '../../../src/domain/pool-args.js';
import { enablePoolMirroring } from '../../../src/domain/pool-mode.js';
import { printNotes } from '../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'enable'],
  describe: 'Enable RBD mirroring by default within a pool.',
  positionals: [POOL_SPEC, { name: 'mode', describe: 'mirror mode [image or pool]', choices: ['image', 'pool'] }],
  options: {
    ...POOL_OPTIONS,
    'site-name': { type: 'string', describe: 'local site name' },
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    const [mode] = afterPool(args.pool, [args.poolSpec, args.mode]);
    printNotes(ctx, await enablePoolMirroring(await ctx.backend(), ref, mode, { siteName: args.siteName }));
  },
});
