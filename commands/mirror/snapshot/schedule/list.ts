import { defineCommand } from '../../../../src/cli/define.js';
import { defaultPool } from '../../../../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../../../../src/cli/shared-options.js';
import { scheduleLevelItems, scheduleTree } from '../../../../src/domain/schedule.js';
import { Errno } from '../../../../src/errors.js';
import { render } from '../../../../src/render/output.js';
import { scheduleItemsRendering, scheduleLevelsRendering } from '../../../../src/render/schedule.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'list'],
  aliases: [['mirror', 'snapshot', 'schedule', 'ls']],
  describe: 'List mirror snapshot schedule.',
  positionals: [],
  options: {
    ...IMAGE_OPTIONS,
    recursive: { type: 'boolean', alias: 'R', describe: 'list all schedules' },
    ...FORMAT_OPTIONS,
  },
  async run(args, ctx) {
    const backend = await ctx.backend();
    if (args.recursive) return render(ctx, await scheduleTree(backend, args, await defaultPool(ctx)), scheduleLevelsRendering);
    const items = await scheduleLevelItems(backend, args, await defaultPool(ctx));
    // rbd: a level without schedules is ENOENT, with nothing printed
    if (!items) return Errno.ENOENT;
    render(ctx, items, scheduleItemsRendering);
  },
});
