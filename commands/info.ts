import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { parseImageSnapSpec } from '../src/domain/image-spec.js';
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
  async run(args, ctx) {
    const ref = parseImageSnapSpec(args.imageOrSnapSpec, args, await defaultPool(ctx), { validation: 'none', snapshot: 'permitted' });
    render(ctx, await imageDetails(await ctx.backend(), ref), imageInfoRendering);
  },
});
