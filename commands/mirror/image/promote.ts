import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { promoteImage } from '../../../src/domain/mirror-image.js';
import { parseImageSpec } from '../../../src/domain/specs.js';

export default defineCommand({
  path: ['mirror', 'image', 'promote'],
  describe: 'Promote an image to primary for RBD mirroring.',
  positionals: [IMAGE_SPEC],
  options: {
    force: { type: 'boolean', describe: 'promote even if not cleanly demoted by remote cluster' },
    ...IMAGE_OPTIONS,
  },
  async run(args, ctx) {
    const ref = parseImageSpec(args.imageSpec, args, await defaultPool(ctx));
    await promoteImage(await ctx.backend(), ref, { force: args.force });
    ctx.print.line('Image promoted to primary');
  },
});
