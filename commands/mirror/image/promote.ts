import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { promoteImage } from '../../../src/domain/mirror-image.js';

export default defineCommand({
  path: ['mirror', 'image', 'promote'],
  describe: 'Promote an image to primary for RBD mirroring.',
  positionals: [IMAGE_SPEC],
  options: {
    force: { type: 'boolean', describe: 'promote even if not cleanly demoted by remote cluster' },
    ...IMAGE_OPTIONS,
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await promoteImage(await ctx.backend(), ref, { force: args.force });
    ctx.print.line('Image promoted to primary');
  },
});
