import { required } from '../../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../../src/cli/define.js';
import { osdPoolDelete } from '../../../../src/domain/ceph-pools.js';

const command = defineCommand({
  path: ['osd', 'pool', 'delete'],
  aliases: [['osd', 'pool', 'rm']],
  describe: 'delete pool',
  positionals: [{ name: 'pool', describe: 'pool name' }, { name: 'pool2', describe: 'the pool name again', optional: true }],
  options: { 'yes-i-really-really-mean-it': { type: 'boolean', describe: 'confirm the deletion' } },
  async run(args, ctx) {
    const pool = required(args.pool, 'pool(<poolname>)', command);
    ctx.print.warn(await osdPoolDelete(await ctx.backend(), pool, args.pool2, args.yesIReallyReallyMeanIt));
  },
});
export default command;
