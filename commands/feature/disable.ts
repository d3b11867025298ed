import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { FEATURES_POSITIONAL } from '../../src/domain/image-feature-args.js';
import { parseImageSnapSpec } from '../../src/domain/image-spec.js';
import { updateImageFeatures } from '../../src/domain/images.js';

export default defineCommand({
  path: ['feature', 'disable'],
  describe: 'Disable the specified image feature.',
  positionals: [IMAGE_SPEC, FEATURES_POSITIONAL],
  options: { ...IMAGE_OPTIONS },
  async run(args, ctx) {
    const ref = parseImageSnapSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'none' });
    await updateImageFeatures(await ctx.backend(), ref, args.features, false);
  },
});
