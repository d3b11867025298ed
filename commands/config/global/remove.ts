import { defineCommand } from '../../../src/cli/define.js';
import { configRemove } from '../../../src/domain/config.js';

export default defineCommand({
  path: ['config', 'global', 'remove'],
  aliases: [['config', 'global', 'rm']],
  describe: 'Remove a global-level configuration override.',
  positionals: [{ name: 'config-entity', describe: 'config entity (global, client, client.<id>)' }, { name: 'key', describe: 'config key' }],
  options: {},
  async run(args, ctx) {
    await configRemove(await ctx.backend(), args.configEntity, args.key);
  },
});
