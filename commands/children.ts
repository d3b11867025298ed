import { defineCommand } from '../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { listChildren } from '../src/domain/clones.js';
import { childrenRendering } from '../src/render/children.js';
import { render } from '../src/render/output.js';

export default defineCommand({
  path: ['children'],
  describe: 'Display children of an image or its snapshot.',
  positionals: [{
    name: 'image-or-snap-spec',
    describe: 'image or snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>[@<snap-name>])',
  }],
  options: {
    ...IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'snapshot name' },
    all: { type: 'boolean', alias: 'a', describe: 'list all children (include trash)' },
    descendants: { type: 'boolean', describe: 'include all descendants' },
    ...FORMAT_OPTIONS,
  },
  spec: { positional: 'image-or-snap-spec', kind: 'image', validation: 'none', snapshot: 'permitted' },
  async run(args, ctx, target) {
    const ref = await target();
    render(ctx, await listChildren(await ctx.backend(), ref, { all: args.all, descendants: args.descendants }), childrenRendering);
  },
});
