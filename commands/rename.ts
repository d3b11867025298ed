import { defineCommand } from '../src/cli/define.js';
import { IMAGE_SPEC } from '../src/cli/shared-options.js';
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
    pool: { type: 'string', alias: 'p', describe: 'source pool name' },
    namespace: { type: 'string', describe: 'source namespace name' },
    image: { type: 'string', describe: 'source image name' },
    'dest-pool': { type: 'string', describe: 'destination pool name' },
    'dest-namespace': { type: 'string', describe: 'destination namespace name' },
    dest: { type: 'string', describe: 'destination image name' },
  },
  spec: { positional: 'source-image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const source = await target();
    await renameImage(await ctx.backend(), source, { spec: args.destImageSpec, destPool: args.destPool, destNamespace: args.destNamespace, dest: args.dest });
  },
});
