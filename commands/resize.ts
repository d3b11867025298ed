import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { progressMeter } from '../src/cli/progress.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { resizeImage } from '../src/domain/io/resize.js';
import { parseImageSnapSpec } from '../src/domain/image-spec.js';
import { parseImageSize } from '../src/domain/size.js';

export default defineCommand({
  path: ['resize'],
  describe: 'Resize (expand or shrink) image.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    size: { type: 'string', alias: 's', describe: 'image size (in M/G/T) [default: M]' },
    'allow-shrink': { type: 'boolean', describe: 'permit shrinking' },
    ...NO_PROGRESS_OPTION,
  },
  async run(args, ctx) {
    const size = args.size === undefined ? undefined : parseImageSize(args.size);
    const ref = parseImageSnapSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'none' });
    await resizeImage(await ctx.backend(), ref, size, args.allowShrink, await progressMeter(ctx, 'Resizing image', args.noProgress));
  },
});
