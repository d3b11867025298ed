import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { FEATURES_POSITIONAL } from '../../src/domain/image-feature-args.js';
import { updateImageFeatures } from '../../src/domain/images.js';

export default defineCommand({
  path: ['feature', 'disable'],
  describe: 'Disable the specified image feature.',
  positionals: [IMAGE_SPEC, FEATURES_POSITIONAL],
  options: { ...IMAGE_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await updateImageFeatures(await ctx.backend(), ref, args.features, false);
  },
});
