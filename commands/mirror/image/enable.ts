import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { enableMirroring } from '../../../src/domain/mirror-image.js';

export default defineCommand({
  path: ['mirror', 'image', 'enable'],
  describe: 'Enable RBD mirroring for an image.',
  positionals: [IMAGE_SPEC, { name: 'mode', describe: 'mirror image mode (journal or snapshot) [default: journal]', optional: true, choices: ['journal', 'snapshot'] }],
  options: { ...IMAGE_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await enableMirroring(await ctx.backend(), ref, args.mode);
    ctx.print.line('Mirroring enabled');
  },
});
