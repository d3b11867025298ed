import { defineCommand } from '../../src/cli/define.js';
import { poolInit } from '../../src/domain/pools.js';

export default defineCommand({
  path: ['pool', 'init'],
  describe: 'Initialize pool for use by RBD.',
  details: 'Initialize pool for use by RBD. The pool must exist: create it first with `ceph osd pool create <pool>` (on the local backend too, as on Ceph).',
  positionals: [{ name: 'pool-name', describe: 'pool name' }],
  options: {
    pool: { type: 'string', alias: 'p', describe: 'pool name' },
    force: { type: 'boolean', describe: 'force initialize pool for RBD use if registered by another application' },
  },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const ref = await target();
    const { warning } = await poolInit(await ctx.backend(), ref.pool, args.force === true);
    if (warning) ctx.print.warn(warning);
  },
});
