import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { enableMirroring } from '../../../src/domain/mirror-image.js';
import { parseImageSpec } from '../../../src/domain/specs.js';

export default defineCommand({
  path: ['mirror', 'image', 'enable'],
  describe: 'Enable RBD mirroring for an image.',
  positionals: [IMAGE_SPEC, { name: 'mode', describe: 'mirror image mode (journal or snapshot) [default: journal]', optional: true, choices: ['journal', 'snapshot'] }],
  options: { ...IMAGE_OPTIONS },
  async run(args, ctx) {
    const ref = parseImageSpec(args.imageSpec, args, await defaultPool(ctx));
    await enableMirroring(await ctx.backend(), ref, args.mode);
    ctx.print.line('Mirroring enabled');
  },
});
