import { defineCommand } from '../src/cli/define.js';
import { FORMAT_OPTIONS, POOL_OPTIONS, POOL_SPEC } from '../src/cli/shared-options.js';
import { listImages } from '../src/domain/image-list.js';
import { imageListRendering, longImageListRendering } from '../src/render/image-list.js';
import { render } from '../src/render/output.js';

export default defineCommand({
  path: ['list'],
  aliases: [['ls']],
  describe: 'List rbd images.',
  positionals: [POOL_SPEC],
  options: {
    long: { type: 'boolean', alias: 'l', describe: 'long listing format' },
    ...POOL_OPTIONS,
    ...FORMAT_OPTIONS,
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    const listing = await listImages(await ctx.backend(), ref, { long: args.long });
    render(ctx, listing, args.long ? longImageListRendering : imageListRendering);
  },
});
