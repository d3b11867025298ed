import { defineCommand } from '../../src/cli/define.js';
import { progressMeter } from '../../src/cli/progress.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../../src/cli/shared-options.js';
import { purgeSnapshots } from '../../src/domain/image-snaps.js';

export default defineCommand({
  path: ['snap', 'purge'],
  describe: 'Delete all unprotected snapshots.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...NO_PROGRESS_OPTION },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await purgeSnapshots(await ctx.backend(), ref, await progressMeter(ctx, 'Removing all snapshots', args.noProgress));
  },
});
