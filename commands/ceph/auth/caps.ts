import { required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { authCaps } from '../../../src/domain/ceph-auth.js';

const command = defineCommand({
  path: ['auth', 'caps'],
  describe: 'update caps for <name> from caps specified in the command',
  positionals: [{ name: 'entity', describe: 'e.g. client.rbd-mirror-peer' }, { name: 'caps', describe: 'service and capability pairs', variadic: true }],
  options: {},
  async run(args, ctx) {
    ctx.print.warn(await authCaps(await ctx.backend(), required(args.entity, 'entity(<string>)', command), args.caps));
  },
});
export default command;
