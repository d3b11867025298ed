import { defineCommand } from '../../../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { imageMirrorStatus } from '../../../src/domain/status.js';
import { render } from '../../../src/render/output.js';
import { imageStatusRendering } from '../../../src/render/status.js';

export default defineCommand({
  path: ['mirror', 'image', 'status'],
  describe: 'Show RBD mirroring status for an image.',
  colour: true,
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...FORMAT_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    render(ctx, await imageMirrorStatus(await ctx.backend(), ref), imageStatusRendering);
  },
});
