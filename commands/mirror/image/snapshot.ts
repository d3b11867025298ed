import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { createMirrorSnapshot } from '../../../src/domain/mirror-image.js';
import { parseImageSpec } from '../../../src/domain/specs.js';

export default defineCommand({
  path: ['mirror', 'image', 'snapshot'],
  describe: 'Create RBD mirroring image snapshot.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    'skip-quiesce': { type: 'boolean', describe: 'do not run quiesce hooks' },
    'ignore-quiesce-error': { type: 'boolean', describe: 'ignore quiesce hook error' },
  },
  async run(args, ctx) {
    const ref = parseImageSpec(args.imageSpec, args, await defaultPool(ctx));
    const snapId = await createMirrorSnapshot(await ctx.backend(), ref,
      { skipQuiesce: args.skipQuiesce, ignoreQuiesceError: args.ignoreQuiesceError });
    ctx.print.line(`Snapshot ID: ${snapId}`);
  },
});
