import { defineCommand } from '../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { imageDetails } from '../src/domain/images.js';
import { imageInfoRendering } from '../src/render/image-info.js';
import { render } from '../src/render/output.js';

export default defineCommand({
  path: ['info'],
  describe: 'Show information about image size, striping, etc.',
  positionals: [{
    name: 'image-or-snap-spec',
    describe: 'image or snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>[@<snap-name>])',
  }],
  options: { ...IMAGE_OPTIONS, snap: { type: 'string', describe: 'snapshot name' }, ...FORMAT_OPTIONS },
  spec: { positional: 'image-or-snap-spec', kind: 'image', validation: 'none', snapshot: 'permitted' },
  async run(args, ctx, target) {
    const ref = await target();
    render(ctx, await imageDetails(await ctx.backend(), ref), imageInfoRendering);
  },
});
