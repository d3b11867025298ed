import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { IMAGE_OPTIONS, NO_PROGRESS_OPTION } from '../../src/cli/shared-options.js';
import { createSnapshot } from '../../src/domain/image-snaps.js';
import { parseImageSnapSpec } from '../../src/domain/image-spec.js';
import { progressMeter } from '../../src/cli/progress.js';

export default defineCommand({
  path: ['snap', 'create'],
  aliases: [['snap', 'add']],
  describe: 'Create a snapshot.',
  positionals: [{ name: 'snap-spec', describe: 'snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>@<snap-name>)' }],
  options: {
    ...IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'snapshot name' },
    'skip-quiesce': { type: 'boolean', describe: 'do not run quiesce hooks' },
    'ignore-quiesce-error': { type: 'boolean', describe: 'ignore quiesce hook error' },
    ...NO_PROGRESS_OPTION,
  },
  async run(args, ctx) {
    const ref = parseImageSnapSpec(args.snapSpec, args, await defaultPool(ctx), { validation: 'snap', snapshot: 'required' });
    await createSnapshot(await ctx.backend(), ref, await progressMeter(ctx, 'Creating snap', args.noProgress), args);
  },
});
