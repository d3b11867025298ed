import { defineCommand } from '../../../src/cli/define.js';
import { FORMAT_OPTIONS } from '../../../src/cli/shared-options.js';
import { configList } from '../../../src/domain/config.js';
import { configListRendering } from '../../../src/render/config.js';
import { render } from '../../../src/render/output.js';

export default defineCommand({
  path: ['config', 'global', 'list'],
  aliases: [['config', 'global', 'ls']],
  describe: 'List global-level configuration overrides.',
  positionals: [{ name: 'config-entity', describe: 'config entity (global, client, client.<id>)' }],
  options: { ...FORMAT_OPTIONS },
  async run(args, ctx) {
    render(ctx, await configList(await ctx.backend(), args.configEntity), configListRendering);
  },
});
