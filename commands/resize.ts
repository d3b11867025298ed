import { defineCommand } from '../src/cli/define.js';
import { progressMeter } from '../src/cli/progress.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { resizeImage } from '../src/domain/io/resize.js';
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
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const size = args.size === undefined ? undefined : parseImageSize(args.size);
    const ref = await target();
    await resizeImage(await ctx.backend(), ref, size, args.allowShrink, await progressMeter(ctx, 'Resizing image', args.noProgress));
  },
});
