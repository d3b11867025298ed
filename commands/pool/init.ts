import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { poolInit } from '../../src/domain/pools.js';
import { parsePoolName } from '../../src/domain/specs.js';

export default defineCommand({
  path: ['pool', 'init'],
  describe: 'Initialize pool for use by RBD.',
  details: 'Initialize pool for use by RBD. On the local backend this also creates the pool (and the cluster on first use).',
  positionals: [{ name: 'pool-name', describe: 'pool name' }],
  options: {
    pool: { type: 'string', alias: 'p', describe: 'pool name' },
    force: { type: 'boolean', describe: 'force initialize pool for RBD use if registered by another application' },
  },
  async run(args, ctx) {
    const ref = parsePoolName(args.poolName, args, await defaultPool(ctx));
    await poolInit(await ctx.backend(), ref.pool);
  },
});
