import { defineCommand } from '../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { removeImage } from '../src/domain/images.js';
import { progressMeter } from '../src/cli/progress.js';

export default defineCommand({
  path: ['remove'],
  aliases: [['rm']],
  describe: 'Delete an image.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...NO_PROGRESS_OPTION },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await removeImage(await ctx.backend(), ref, await progressMeter(ctx, 'Removing image', args.noProgress));
  },
});
