import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, NO_PROGRESS_OPTION } from '../../src/cli/shared-options.js';
import { createSnapshot } from '../../src/domain/image-snaps.js';
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
  spec: { positional: 'snap-spec', kind: 'image', validation: 'snap', snapshot: 'required' },
  async run(args, ctx, target) {
    const ref = await target();
    await createSnapshot(await ctx.backend(), ref, await progressMeter(ctx, 'Creating snap', args.noProgress), args);
  },
});
