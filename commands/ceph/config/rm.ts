import { required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { cephConfigRm } from '../../../src/domain/ceph-config.js';

const command = defineCommand({
  path: ['config', 'rm'],
  describe: 'Clear a configuration option for one or more entities',
  positionals: [{ name: 'who', describe: 'global, client or client.<id>' }, { name: 'name', describe: 'option name' }],
  options: {},
  async run(args, ctx) {
    await cephConfigRm(await ctx.backend(), required(args.who, 'who(<string>)', command), required(args.name, 'name(<string>)', command));
  },
});
export default command;
