import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { diskUsage } from '../src/domain/io/du.js';
import { parseImageSnapSpec } from '../src/domain/image-spec.js';
import { parsePoolSpec } from '../src/domain/specs.js';
import { duRendering } from '../src/render/du.js';
import { render } from '../src/render/output.js';

export default defineCommand({
  path: ['disk-usage'],
  aliases: [['du']],
  describe: 'Show disk usage stats for pool, image or snapshot.',
  positionals: [{ name: 'image-or-snap-spec', describe: 'image or snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>[@<snap-name>])', optional: true }],
  options: {
    ...IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'snapshot name' },
    ...FORMAT_OPTIONS,
    'from-snap': { type: 'string', describe: 'snapshot starting point' },
    exact: { type: 'boolean', describe: 'compute exact disk usage (slow)' },
  },
  async run(args, ctx) {
    const pool = await defaultPool(ctx);
    const target = args.imageOrSnapSpec || args.image
      ? parseImageSnapSpec(args.imageOrSnapSpec, args, pool, { validation: 'none', snapshot: 'permitted' })
      : parsePoolSpec(undefined, args, pool);
    const usage = await diskUsage(await ctx.backend(), target, { fromSnap: args.fromSnap, exact: args.exact });
    for (const w of usage.warnings) ctx.print.warn(w);
    render(ctx, usage, duRendering);
  },
});
