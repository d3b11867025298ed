import { defineCommand } from '../../../../src/cli/define.js';
import { defaultPool } from '../../../../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../../../../src/cli/shared-options.js';
import { scheduleStatus } from '../../../../src/domain/schedule.js';
import { render } from '../../../../src/render/output.js';
import { scheduleStatusRendering } from '../../../../src/render/schedule.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'status'],
  describe: 'Show mirror snapshot schedule status.',
  positionals: [],
  options: { ...IMAGE_OPTIONS, ...FORMAT_OPTIONS },
  async run(args, ctx) {
    render(ctx, await scheduleStatus(await ctx.backend(), args, await defaultPool(ctx)), scheduleStatusRendering);
  },
});
