import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { trashMove } from '../../src/domain/trash.js';

export default defineCommand({
  path: ['trash', 'move'],
  aliases: [['trash', 'mv']],
  describe: 'Move an image to the trash.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    'expires-at': { type: 'string', describe: 'set the expiration time of an image so it can be purged when it is stale [default: now]' },
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    await trashMove(await ctx.backend(), await target(), args.expiresAt);
  },
});
