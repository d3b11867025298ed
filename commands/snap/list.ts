import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { listSnapshots } from '../../src/domain/image-snaps.js';
import { parseImageSnapSpec } from '../../src/domain/image-spec.js';
import { render } from '../../src/render/output.js';
import { snapListRendering } from '../../src/render/snap-list.js';

export default defineCommand({
  path: ['snap', 'list'],
  aliases: [['snap', 'ls']],
  describe: 'Dump list of image snapshots.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    ...FORMAT_OPTIONS,
    // rbd also takes -a; the parser's option union drops that alias (another `all` lacks it)
    all: { type: 'boolean', alias: 'a', describe: 'list snapshots from all namespaces' },
  },
  async run(args, ctx) {
    const ref = parseImageSnapSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'none' });
    render(ctx, await listSnapshots(await ctx.backend(), ref, { all: args.all }), snapListRendering);
  },
});
