import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { createMirrorSnapshot } from '../../../src/domain/mirror-image.js';

export default defineCommand({
  path: ['mirror', 'image', 'snapshot'],
  describe: 'Create RBD mirroring image snapshot.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    'skip-quiesce': { type: 'boolean', describe: 'do not run quiesce hooks' },
    'ignore-quiesce-error': { type: 'boolean', describe: 'ignore quiesce hook error' },
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    const snapId = await createMirrorSnapshot(await ctx.backend(), ref,
      { skipQuiesce: args.skipQuiesce, ignoreQuiesceError: args.ignoreQuiesceError });
    ctx.print.line(`Snapshot ID: ${snapId}`);
  },
});
