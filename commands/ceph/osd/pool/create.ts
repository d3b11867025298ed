import { required } from '../../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../../src/cli/define.js';
import { osdPoolCreate } from '../../../../src/domain/ceph-pools.js';

const command = defineCommand({
  path: ['osd', 'pool', 'create'],
  describe: 'create pool',
  details: 'On a local cluster this also creates the cluster on first use. pg_num and the pool type are accepted and ignored there.',
  positionals: [
    { name: 'pool', describe: 'pool name' },
    { name: 'pg_num', describe: 'placement groups', optional: true },
    { name: 'pgp_num', describe: 'placement groups for placement', optional: true },
    { name: 'pool_type', describe: 'replicated or erasure', optional: true },
  ],
  options: {},
  async run(args, ctx) {
    ctx.print.warn(await osdPoolCreate(await ctx.backend(), required(args.pool, 'pool(<poolname>)', command)));
  },
});
export default command;
