import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { resyncImage } from '../../../src/domain/mirror-image.js';
import { parseImageSpec } from '../../../src/domain/specs.js';

export default defineCommand({
  path: ['mirror', 'image', 'resync'],
  describe: 'Force resync to primary image for RBD mirroring.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS },
  async run(args, ctx) {
    const ref = parseImageSpec(args.imageSpec, args, await defaultPool(ctx));
    await resyncImage(await ctx.backend(), ref);
    ctx.print.line('Flagged image for resync from primary');
  },
});
