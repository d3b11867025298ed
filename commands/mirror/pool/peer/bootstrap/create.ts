import { defineCommand } from '../../../../../src/cli/define.js';
import { POOL_NAME, POOL_NAME_OPTIONS } from '../../../../../src/cli/shared-options.js';
import { createBootstrapToken } from '../../../../../src/domain/bootstrap.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'bootstrap', 'create'],
  describe: 'Create a peer bootstrap token to import in a remote cluster',
  positionals: [POOL_NAME],
  options: {
    ...POOL_NAME_OPTIONS,
    'site-name': { type: 'string', describe: 'local site name' },
  },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const ref = await target();
    ctx.print.line(await createBootstrapToken(await ctx.backend(), ref, { siteName: args.siteName }));
  },
});
