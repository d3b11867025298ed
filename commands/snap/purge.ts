import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { progressMeter } from '../../src/cli/progress.js';
import { IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../../src/cli/shared-options.js';
import { purgeSnapshots } from '../../src/domain/image-snaps.js';
import { parseImageSnapSpec } from '../../src/domain/image-spec.js';

export default defineCommand({
  path: ['snap', 'purge'],
  describe: 'Delete all unprotected snapshots.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...NO_PROGRESS_OPTION },
  async run(args, ctx) {
    const ref = parseImageSnapSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'none' });
    await purgeSnapshots(await ctx.backend(), ref, await progressMeter(ctx, 'Removing all snapshots', args.noProgress));
  },
});
