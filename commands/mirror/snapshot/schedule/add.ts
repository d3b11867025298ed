import { defineCommand } from '../../../../src/cli/define.js';
import { defaultPool } from '../../../../src/cli/defaults.js';
import { IMAGE_OPTIONS } from '../../../../src/cli/shared-options.js';
import { scheduleAdd } from '../../../../src/domain/schedule.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'add'],
  describe: 'Add mirror snapshot schedule.',
  positionals: [
    { name: 'interval', describe: 'schedule interval' },
    { name: 'start-time', describe: 'schedule start time', optional: true },
  ],
  options: { ...IMAGE_OPTIONS },
  async run(args, ctx) {
    await scheduleAdd(await ctx.backend(), args, await defaultPool(ctx), args.interval, args.startTime);
  },
});
