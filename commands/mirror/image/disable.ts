import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { disableMirroring } from '../../../src/domain/mirror-image.js';
import { parseImageSpec } from '../../../src/domain/specs.js';

export default defineCommand({
  path: ['mirror', 'image', 'disable'],
  describe: 'Disable RBD mirroring for an image.',
  positionals: [IMAGE_SPEC],
  options: {
    force: { type: 'boolean', describe: 'disable even if not primary' },
    ...IMAGE_OPTIONS,
  },
  async run(args, ctx) {
    const ref = parseImageSpec(args.imageSpec, args, await defaultPool(ctx));
    await disableMirroring(await ctx.backend(), ref, { force: args.force });
    ctx.print.line('Mirroring disabled');
  },
});
