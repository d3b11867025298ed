import { required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { authDel } from '../../../src/domain/ceph-auth.js';

const command = defineCommand({
  path: ['auth', 'del'],
  aliases: [['auth', 'rm']],
  describe: 'delete all caps for <name>',
  positionals: [{ name: 'entity', describe: 'e.g. client.rbd-mirror-peer' }],
  options: {},
  async run(args, ctx) {
    ctx.print.warn(await authDel(await ctx.backend(), required(args.entity, 'entity(<string>)', command)));
  },
});
export default command;
