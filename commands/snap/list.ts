import { defineCommand } from '../../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { listSnapshots } from '../../src/domain/image-snaps.js';
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
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    render(ctx, await listSnapshots(await ctx.backend(), ref, { all: args.all }), snapListRendering);
  },
});
