import { defineCommand } from '../../src/cli/define.js';
import { FORMAT_OPTIONS, POOL_OPTIONS, POOL_SPEC } from '../../src/cli/shared-options.js';
import { trashList } from '../../src/domain/trash.js';
import { trashListRendering } from '../../src/render/lifecycle.js';
import { render } from '../../src/render/output.js';

export default defineCommand({
  path: ['trash', 'list'],
  aliases: [['trash', 'ls']],
  describe: 'List trash images.',
  positionals: [POOL_SPEC],
  options: {
    ...POOL_OPTIONS,
    all: { type: 'boolean', alias: 'a', describe: 'list images from all sources' },
    long: { type: 'boolean', alias: 'l', describe: 'long listing format' },
    ...FORMAT_OPTIONS,
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    render(ctx, await trashList(await ctx.backend(), await target(), { all: args.all, long: args.long }), trashListRendering);
  },
});
