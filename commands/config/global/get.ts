import { defineCommand } from '../../../src/cli/define.js';
import { configGet } from '../../../src/domain/config.js';

export default defineCommand({
  path: ['config', 'global', 'get'],
  describe: 'Get a global-level configuration override.',
  positionals: [{ name: 'config-entity', describe: 'config entity (global, client, client.<id>)' }, { name: 'key', describe: 'config key' }],
  options: {},
  async run(args, ctx) {
    ctx.print.line(await configGet(await ctx.backend(), args.configEntity, args.key));
  },
});
