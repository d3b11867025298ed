import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { setImageMeta } from '../../src/domain/image-meta.js';

export default defineCommand({
  path: ['image-meta', 'set'],
  describe: 'Image metadata set key with value.',
  positionals: [IMAGE_SPEC, { name: 'key', describe: 'image meta key' }, { name: 'value', describe: 'image meta value' }],
  options: { ...IMAGE_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    await setImageMeta(await ctx.backend(), await target(), args.key, args.value);
  },
});
