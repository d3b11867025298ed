import { defineCommand } from '../../src/cli/define.js';
import { trashRestore } from '../../src/domain/trash.js';
import { IMAGE_ID, IMAGE_ID_OPTIONS, resolveImageId } from '../../src/cli/trash-image-id.js';

export default defineCommand({
  path: ['trash', 'restore'],
  describe: 'Restore an image from trash.',
  positionals: [IMAGE_ID],
  options: { ...IMAGE_ID_OPTIONS, image: { type: 'string', describe: 'image name' } },
  async run(args, ctx) {
    const { pool, id } = await resolveImageId(ctx, args.imageId, args);
    await trashRestore(await ctx.backend(), pool, id, args.image);
  },
});
