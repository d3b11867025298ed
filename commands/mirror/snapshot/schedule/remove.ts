import { defineCommand } from '../../../../src/cli/define.js';
import { defaultPool } from '../../../../src/cli/defaults.js';
import { IMAGE_OPTIONS } from '../../../../src/cli/shared-options.js';
import { scheduleRemove } from '../../../../src/domain/schedule.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'remove'],
  aliases: [['mirror', 'snapshot', 'schedule', 'rm']],
  describe: 'Remove mirror snapshot schedule.',
  positionals: [
    { name: 'interval', describe: 'schedule interval', optional: true },
    { name: 'start-time', describe: 'schedule start time', optional: true },
  ],
  options: { ...IMAGE_OPTIONS },
  async run(args, ctx) {
    await scheduleRemove(await ctx.backend(), args, await defaultPool(ctx), args.interval, args.startTime);
  },
});
