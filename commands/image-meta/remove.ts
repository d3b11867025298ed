import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { removeImageMeta } from '../../src/domain/image-meta.js';

export default defineCommand({
  path: ['image-meta', 'remove'],
  aliases: [['image-meta', 'rm']],
  describe: 'Image metadata remove the key and value associated.',
  positionals: [IMAGE_SPEC, { name: 'key', describe: 'image meta key' }],
  options: { ...IMAGE_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    await removeImageMeta(await ctx.backend(), await target(), args.key);
  },
});
