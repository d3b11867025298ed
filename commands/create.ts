import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../src/cli/shared-options.js';
import { parseImageSnapSpec } from '../src/domain/image-spec.js';
import { createImage, parseCreateOptions } from '../src/domain/images.js';

export default defineCommand({
  path: ['create'],
  describe: 'Create an empty image.',
  positionals: [IMAGE_SPEC],
  options: {
    ...IMAGE_OPTIONS,
    'image-format': { type: 'string', describe: 'image format [default: 2]', choices: ['2'] },
    order: { type: 'string', describe: 'object order [12 <= order <= 25]', hidden: true },
    'object-size': { type: 'string', describe: 'object size in B/K/M [4K <= object size <= 32M]' },
    'image-feature': { type: 'string', multiple: true, describe: 'image features\n[layering(+), exclusive-lock(+*), object-map(+*), deep-flatten(+-), journaling(*)]' },
    'image-shared': { type: 'boolean', describe: 'shared image' },
    'data-pool': { type: 'string', describe: 'data pool' },
    'mirror-image-mode': { type: 'string', describe: 'mirror image mode [journal or snapshot]', choices: ['journal', 'snapshot'] },
    'journal-splay-width': { type: 'string', describe: 'number of active journal objects' },
    'journal-object-size': { type: 'string', describe: 'size of journal objects [4K <= size <= 64M]' },
    'journal-pool': { type: 'string', describe: 'pool for journal objects' },
    size: { type: 'string', alias: 's', describe: 'image size (in M/G/T) [default: M]' },
    'no-progress': { type: 'boolean', describe: 'disable progress output' },
  },
  async run(args, ctx) {
    const request = parseCreateOptions(args);
    const ref = parseImageSnapSpec(args.imageSpec, args, await defaultPool(ctx), { validation: 'full', snapshot: 'none' });
    await createImage(await ctx.backend(), ref, request);
  },
});
