import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { getImageMeta } from '../../src/domain/image-meta.js';

export default defineCommand({
  path: ['image-meta', 'get'],
  describe: 'Image metadata get the value associated with the key.',
  positionals: [IMAGE_SPEC, { name: 'key', describe: 'image meta key' }],
  options: { ...IMAGE_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    ctx.print.line(await getImageMeta(await ctx.backend(), await target(), args.key));
  },
});
