import { defineCommand } from '../src/cli/define.js';
import { IMAGE_CREATION_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { createImage, parseCreateOptions } from '../src/domain/images.js';

export default defineCommand({
  path: ['create'],
  describe: 'Create an empty image.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    ...IMAGE_CREATION_OPTIONS,
    'image-shared': { type: 'boolean', describe: 'shared image' },
    'data-pool': { type: 'string', describe: 'data pool' },
    'mirror-image-mode': { type: 'string', describe: 'mirror image mode [journal or snapshot]', choices: ['journal', 'snapshot'] },
    'journal-splay-width': { type: 'string', describe: 'number of active journal objects' },
    'journal-object-size': { type: 'string', describe: 'size of journal objects [4K <= size <= 64M]' },
    'journal-pool': { type: 'string', describe: 'pool for journal objects' },
    size: { type: 'string', alias: 's', describe: 'image size (in M/G/T) [default: M]' },
    ...NO_PROGRESS_OPTION,
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'full', snapshot: 'none' },
  async run(args, ctx, target) {
    const request = parseCreateOptions(args);
    const ref = await target();
    await createImage(await ctx.backend(), ref, request);
  },
});
