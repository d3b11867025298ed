import { required } from '../../../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../../../src/cli/define.js';
import { osdPoolApplicationEnable } from '../../../../../src/domain/ceph-pools.js';

const command = defineCommand({
  path: ['osd', 'pool', 'application', 'enable'],
  describe: 'enable use of an application <app> [cephfs,rbd,rgw] on pool <poolname>',
  positionals: [{ name: 'pool', describe: 'pool name' }, { name: 'app', describe: 'application name' }],
  options: { 'yes-i-really-mean-it': { type: 'boolean', describe: 'enable a second application on the pool' } },
  async run(args, ctx) {
    const pool = required(args.pool, 'pool(<poolname>)', command);
    ctx.print.warn(await osdPoolApplicationEnable(await ctx.backend(), pool, args.app, args.yesIReallyMeanIt === true));
  },
});
export default command;
