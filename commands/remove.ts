import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { parseImageSnapSpec } from '../src/domain/image-spec.js';
import { removeImage } from '../src/domain/images.js';
import { progressMeter } from '../src/cli/progress.js';

export default defineCommand({
  path: ['remove'],
  aliases: [['rm']],
  describe: 'Delete an image.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...NO_PROGRESS_OPTION },
  async run(args, ctx) {
    const ref = parseImageSnapSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'none' });
    await removeImage(await ctx.backend(), ref, await progressMeter(ctx, 'Removing image', args.noProgress));
  },
});
