import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, NO_PROGRESS_OPTION } from '../../src/cli/shared-options.js';
import { removeSnapshot } from '../../src/domain/image-snaps.js';
import { progressMeter } from '../../src/cli/progress.js';

export default defineCommand({
  path: ['snap', 'remove'],
  aliases: [['snap', 'rm']],
  describe: 'Delete a snapshot.',
  positionals: [{ name: 'snap-spec', describe: 'snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>@<snap-name>)' }],
  options: {
    ...IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'snapshot name' },
    ...NO_PROGRESS_OPTION,
  },
  spec: { positional: 'snap-spec', kind: 'image', validation: 'none', snapshot: 'required' },
  async run(args, ctx, target) {
    const ref = await target();
    await removeSnapshot(await ctx.backend(), ref, await progressMeter(ctx, 'Removing snap', args.noProgress));
  },
});
