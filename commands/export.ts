import { openSink } from '../src/cli/byte-streams.js';
import { defineCommand } from '../src/cli/define.js';
import { progressMeter } from '../src/cli/progress.js';
import { IMAGE_OPTIONS, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { exportImage } from '../src/domain/io/export.js';
import { Errno, RbdError } from '../src/errors.js';

export default defineCommand({
  path: ['export'],
  describe: 'Export image to file.',
  positionals: [
    { name: 'source-image-or-snap-spec', describe: 'source image or snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>[@<snap-name>])' },
    { name: 'path-name', describe: 'export file (or \'-\' for stdout)' },
  ],
  options: {
    ...IMAGE_OPTIONS,
    snap: { type: 'string', describe: 'source snapshot name' },
    path: { type: 'string', describe: 'export file (or \'-\' for stdout)' },
    'export-format': { type: 'string', describe: 'format of image file', choices: ['1'] },
    ...NO_PROGRESS_OPTION,
  },
  spec: { positional: 'source-image-or-snap-spec', kind: 'image', validation: 'none', snapshot: 'permitted' },
  async run(args, ctx, target) {
    const ref = await target();
    const path = args.path ?? args.pathName;
    if (!path) throw new RbdError(Errno.EINVAL, 'path was not specified');
    await exportImage(await ctx.backend(), ref, () => openSink(path), await progressMeter(ctx, 'Exporting image', args.noProgress));
  },
});
