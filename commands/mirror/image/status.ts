import { defineCommand } from '../../../src/cli/define.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { watch, WATCH_OPTIONS, watchIntervalMs } from '../../../src/cli/watch.js';
import { imageMirrorStatus } from '../../../src/domain/status.js';
import { render } from '../../../src/render/output.js';
import { imageStatusRendering } from '../../../src/render/status.js';

export default defineCommand({
  path: ['mirror', 'image', 'status'],
  describe: 'Show RBD mirroring status for an image.',
  colour: true,
  positionals: [IMAGE_SPEC],
  options: { ...IMAGE_OPTIONS, ...FORMAT_OPTIONS, ...WATCH_OPTIONS },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    const backend = await ctx.backend();
    const read = () => imageMirrorStatus(backend, ref);
    if (args.watch) {
      return watch(ctx, { title: `rbd mirror image status ${ref.pool}/${ref.image}`, read, rendering: imageStatusRendering }, watchIntervalMs(args.interval));
    }
    render(ctx, await read(), imageStatusRendering);
  },
});
