import { defineCommand } from '../src/cli/define.js';
import { DEST_IMAGE_OPTIONS, IMAGE_SPEC, SOURCE_IMAGE_OPTIONS } from '../src/cli/shared-options.js';
import { renameImage } from '../src/domain/image-rename.js';

export default defineCommand({
  path: ['rename'],
  aliases: [['mv']],
  describe: 'Rename image within pool.',
  positionals: [
    { name: 'source-image-spec', describe: 'source image specification\n(example: [<pool-name>/[<namespace>/]]<image-name>)' },
    { name: 'dest-image-spec', describe: IMAGE_SPEC.describe.replace('image specification', 'destination image specification') },
  ],
  options: {
    ...SOURCE_IMAGE_OPTIONS,
    ...DEST_IMAGE_OPTIONS,
  },
  spec: { positional: 'source-image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const source = await target();
    await renameImage(await ctx.backend(), source, { spec: args.destImageSpec, destPool: args.destPool, destNamespace: args.destNamespace, dest: args.dest });
  },
});
