import { defineCommand } from '../../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC } from '../../src/cli/shared-options.js';
import { listImageLocks } from '../../src/domain/image-locks.js';
import { lockListRendering } from '../../src/render/lifecycle.js';
import { render } from '../../src/render/output.js';

export default defineCommand({
  path: ['lock', 'list'],
  aliases: [['lock', 'ls']],
  describe: 'Show locks held on an image.',
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...FORMAT_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(_args, ctx, target) {
    render(ctx, await listImageLocks(await ctx.backend(), await target()), lockListRendering);
  },
});
