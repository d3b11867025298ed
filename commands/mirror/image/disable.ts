import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { disableMirroring } from '../../../src/domain/mirror-image.js';

export default defineCommand({
  path: ['mirror', 'image', 'disable'],
  describe: 'Disable RBD mirroring for an image.',
  positionals: [IMAGE_SPEC],
  options: {
    force: { type: 'boolean', describe: 'disable even if not primary' },
    ...IMAGE_OPTIONS,
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await disableMirroring(await ctx.backend(), ref, { force: args.force });
    ctx.print.line('Mirroring disabled');
  },
});
