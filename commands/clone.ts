import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { DEST_IMAGE_OPTIONS, IMAGE_CREATION_OPTIONS, SOURCE_IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { cloneImage } from '../src/domain/clones.js';
import { parseCreateOptions } from '../src/domain/images.js';
import { resolveImageSpec } from '../src/domain/specs.js';

export default defineCommand({
  path: ['clone'],
  describe: 'Clone a snapshot into a CoW child image.',
  positionals: [
    { name: 'source-snap-spec', describe: 'source snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>@<snap-name>\n)' },
    { name: 'dest-image-spec', describe: 'destination image specification\n(example: [<pool-name>/[<namespace>/]]<image-name>)' },
  ],
  options: {
    ...SOURCE_IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'source snapshot name' },
    ...DEST_IMAGE_OPTIONS,
    ...IMAGE_CREATION_OPTIONS,
    'image-shared': { type: 'boolean', describe: 'shared image' },
  },
  spec: { positional: 'source-snap-spec', kind: 'image', validation: 'none', snapshot: 'required' },
  async run(args, ctx, target) {
    const request = parseCreateOptions({ ...args, journalObjectSize: undefined, journalSplayWidth: undefined, dataPool: undefined, mirrorImageMode: undefined, size: undefined });
    const parent = await target();
    const child = resolveImageSpec(args.destImageSpec, { pool: args.destPool, namespace: args.destNamespace, image: args.dest },
      await defaultPool(ctx), { validation: 'full', snapshot: 'none' });
    await cloneImage(await ctx.backend(), parent, child, request);
  },
});
