import { required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { cephConfigSet } from '../../../src/domain/ceph-config.js';

const command = defineCommand({
  path: ['config', 'set'],
  describe: 'Set a configuration option for one or more entities',
  positionals: [{ name: 'who', describe: 'global, client or client.<id>' }, { name: 'name', describe: 'option name' }, { name: 'value', describe: 'value' }],
  options: {},
  async run(args, ctx) {
    await cephConfigSet(await ctx.backend(), required(args.who, 'who(<string>)', command),
      required(args.name, 'name(<string>)', command), required(args.value, 'value(<string>)', command));
  },
});
export default command;
