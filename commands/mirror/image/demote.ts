import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { demoteImage } from '../../../src/domain/mirror-image.js';

export default defineCommand({
  path: ['mirror', 'image', 'demote'],
  describe: 'Demote an image to non-primary for RBD mirroring.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await demoteImage(await ctx.backend(), ref);
    ctx.print.line('Image demoted to non-primary');
  },
});
