import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { FEATURES_POSITIONAL } from '../../src/domain/image-feature-args.js';
import { updateImageFeatures } from '../../src/domain/images.js';

export default defineCommand({
  path: ['feature', 'enable'],
  describe: 'Enable the specified image feature.',
  positionals: [IMAGE_SPEC, FEATURES_POSITIONAL],
  options: {
    ...IMAGE_OPTIONS,
    'journal-splay-width': { type: 'string', describe: 'number of active journal objects' },
    'journal-object-size': { type: 'string', describe: 'size of journal objects [4K <= size <= 64M]' },
    'journal-pool': { type: 'string', describe: 'pool for journal objects' },
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await updateImageFeatures(await ctx.backend(), ref, args.features, true);
  },
});
