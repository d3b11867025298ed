import { defineCommand } from '../../src/cli/define.js';
import { progressMeter } from '../../src/cli/progress.js';
import { NO_PROGRESS_OPTION, POOL_OPTIONS, POOL_SPEC } from '../../src/cli/shared-options.js';
import { trashPurge } from '../../src/domain/trash.js';

export default defineCommand({
  path: ['trash', 'purge'],
  describe: 'Remove all expired images from trash.',
  positionals: [POOL_SPEC],
  options: {
    ...POOL_OPTIONS,
    ...NO_PROGRESS_OPTION,
    'expired-before': { type: 'string', describe: 'purges images that expired before the given date' },
    threshold: { type: 'string', describe: 'purges images until the current pool data usage is reduced to X%, value range: 0.0-1.0' },
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    await trashPurge(await ctx.backend(), ref, { expiredBefore: args.expiredBefore, threshold: args.threshold },
      await progressMeter(ctx, 'Removing images', args.noProgress));
  },
});
