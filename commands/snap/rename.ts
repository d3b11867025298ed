import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { DEST_IMAGE_OPTIONS, SOURCE_IMAGE_OPTIONS } from '../../src/cli/shared-options.js';
import { renameSnapshot } from '../../src/domain/clones.js';
import { resolveImageSpec } from '../../src/domain/specs.js';

const SNAP_SPEC = '\n(example:\n[<pool-name>/[<namespace>/]]<image-name>@<snap-name>)';

export default defineCommand({
  path: ['snap', 'rename'],
  describe: 'Rename a snapshot.',
  positionals: [
    { name: 'source-snap-spec', describe: `source snapshot specification${SNAP_SPEC}` },
    { name: 'dest-snap-spec', describe: `destination snapshot specification${SNAP_SPEC}` },
  ],
  options: {
    ...SOURCE_IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'source snapshot name' },
    ...DEST_IMAGE_OPTIONS,
    'dest-snap': { type: 'string', describe: 'destination snapshot name' },
  },
  spec: { positional: 'source-snap-spec', kind: 'image', validation: 'none', snapshot: 'required' },
  async run(args, ctx, target) {
    const src = await target();
    const dest = resolveImageSpec(args.destSnapSpec, {
      pool: args.destPool ?? src.pool, namespace: args.destNamespace ?? src.namespace, image: args.dest, snap: args.destSnap,
    }, await defaultPool(ctx), { validation: 'snap', snapshot: 'required' });
    await renameSnapshot(await ctx.backend(), src, dest);
  },
});
