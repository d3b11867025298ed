import { defineCommand } from '../src/cli/define.js';
import { progressMeter } from '../src/cli/progress.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { flattenImage } from '../src/domain/clones.js';

export default defineCommand({
  path: ['flatten'],
  describe: 'Fill clone with parent data (make it independent).',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...NO_PROGRESS_OPTION },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await flattenImage(await ctx.backend(), ref, await progressMeter(ctx, 'Image flatten', args.noProgress));
  },
});
