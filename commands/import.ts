import { openSource } from '../src/cli/byte-streams.js';
import { defineCommand } from '../src/cli/define.js';
import { defaultPool } from '../src/cli/defaults.js';
import { progressMeter } from '../src/cli/progress.js';
import { DEST_IMAGE_OPTIONS, IMAGE_CREATION_OPTIONS, NO_PROGRESS_OPTION } from '../src/cli/shared-options.js';
import { importImage, importTarget, parseImportOptions } from '../src/domain/io/import.js';

export default defineCommand({
  path: ['import'],
  describe: 'Import image from file.',
  positionals: [
    { name: 'path-name', describe: 'import file (or \'-\' for stdin)' },
    { name: 'dest-image-spec', describe: 'destination image specification\n(example: [<pool-name>/[<namespace>/]]<image-name>)', optional: true },
  ],
  options: {
    path: { type: 'string', describe: 'import file (or \'-\' for stdin)' },
    ...DEST_IMAGE_OPTIONS,
    pool: { type: 'string', alias: 'p', describe: 'pool name (deprecated)', hidden: true },
    ...IMAGE_CREATION_OPTIONS,
    'data-pool': { type: 'string', describe: 'data pool' },
    'sparse-size': { type: 'string', describe: 'sparse size in B/K/M [default: 4K]' },
    ...NO_PROGRESS_OPTION,
  },
  async run(args, ctx) {
    const opts = parseImportOptions(args);
    const { path, ref } = importTarget(args, await defaultPool(ctx));
    await importImage(await ctx.backend(), () => openSource(path), ref, opts, await progressMeter(ctx, 'Importing image', args.noProgress));
  },
});
