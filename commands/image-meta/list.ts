import { defineCommand } from '../../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { listImageMeta } from '../../src/domain/image-meta.js';
import { imageMetaListRendering, imageMetaListText } from '../../src/render/lifecycle.js';
import { render } from '../../src/render/output.js';

export default defineCommand({
  path: ['image-meta', 'list'],
  aliases: [['image-meta', 'ls']],
  describe: 'Image metadata list keys with values.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...FORMAT_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(_args, ctx, target) {
    const meta = await listImageMeta(await ctx.backend(), await target());
    if (imageMetaListText(ctx, meta)) render(ctx, meta, imageMetaListRendering);
  },
});
