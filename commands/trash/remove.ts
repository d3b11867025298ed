import { defineCommand } from '../../src/cli/define.js';
import { progressMeter } from '../../src/cli/progress.js';
import { NO_PROGRESS_OPTION } from '../../src/cli/shared-options.js';
import { trashRemove } from '../../src/domain/trash.js';
import { IMAGE_ID, IMAGE_ID_OPTIONS, resolveImageId } from '../../src/cli/trash-image-id.js';

export default defineCommand({
  path: ['trash', 'remove'],
  aliases: [['trash', 'rm']],
  describe: 'Remove an image from trash.',
  positionals: [IMAGE_ID],
  options: { ...IMAGE_ID_OPTIONS, ...NO_PROGRESS_OPTION, force: { type: 'boolean', describe: 'force remove of non-expired delayed images' } },
  async run(args, ctx) {
    const { pool, id } = await resolveImageId(ctx, args.imageId, args);
    await trashRemove(await ctx.backend(), pool, id, args.force, await progressMeter(ctx, 'Removing image', args.noProgress));
  },
});
