import { defineCommand } from '../../../src/cli/define.js';
import { configSet } from '../../../src/domain/config.js';

export default defineCommand({
  path: ['config', 'global', 'set'],
  describe: 'Set a global-level configuration override.',
  positionals: [{ name: 'config-entity', describe: 'config entity (global, client, client.<id>)' }, { name: 'key', describe: 'config key' }, { name: 'value', describe: 'config value' }],
  options: {},
  async run(args, ctx) {
    await configSet(await ctx.backend(), args.configEntity, args.key, args.value);
  },
});
