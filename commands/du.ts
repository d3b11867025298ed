import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { diskUsage } from '../src/domain/io/du.js';
import { resolvePoolSpec } from '../src/domain/specs.js';
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
  // without an image, the pool (and namespace) of --pool/--namespace
  spec: { positional: 'image-or-snap-spec', kind: 'image', validation: 'none', snapshot: 'permitted' },
  async run(args, ctx, target) {
    const ref = args.imageOrSnapSpec || args.image ? await target() : resolvePoolSpec(undefined, args, await defaultPool(ctx));
    const usage = await diskUsage(await ctx.backend(), ref, { fromSnap: args.fromSnap, exact: args.exact });
    for (const w of usage.warnings) ctx.print.warn(w);
    render(ctx, usage, duRendering);
  },
});
