import { defineCommand } from '../../../../../src/cli/define.js';
import { POOL_NAME, POOL_NAME_OPTIONS } from '../../../../../src/cli/shared-options.js';
import { importBootstrapToken } from '../../../../../src/domain/bootstrap.js';
import { afterPool } from '../../../../../src/domain/pool-args.js';
import { DIRECTION_OPTION } from '../direction.js';

const TOKEN_PATH = "bootstrap token file (or '-' for stdin)";

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'bootstrap', 'import'],
  describe: 'Import a peer bootstrap token created from a remote cluster',
  // Positional and option share one value, as in rbd (boost's variables_map).
  positionals: [POOL_NAME, { name: 'token-path', describe: TOKEN_PATH }],
  options: {
    ...POOL_NAME_OPTIONS,
    'site-name': { type: 'string', describe: 'local site name' },
    'token-path': { type: 'string', describe: TOKEN_PATH },
    ...DIRECTION_OPTION,
  },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const ref = await target();
    const [tokenPath] = args.tokenPath !== undefined ? [args.tokenPath] : afterPool(args.pool, [args.poolName, args.tokenPath]);
    await importBootstrapToken(await ctx.backend(), ref, { ...args, tokenPath, readStdin: (max) => ctx.io.readStdin(max) });
  },
});
