import { defineCommand } from '../../../../src/cli/define.js';
import { defaultPool } from '../../../../src/cli/defaults.js';
import { FORMAT_OPTIONS, IMAGE_OPTIONS } from '../../../../src/cli/shared-options.js';
import { schedulesExecuted } from '../../../../src/domain/replication/state.js';
import { scheduleStatus } from '../../../../src/domain/schedule.js';
import { render } from '../../../../src/render/output.js';
import { scheduleStatusRendering } from '../../../../src/render/schedule.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'status'],
  describe: 'Show mirror snapshot schedule status.',
  positionals: [],
  options: { ...IMAGE_OPTIONS, ...FORMAT_OPTIONS },
  async run(args, ctx) {
    const backend = await ctx.backend();
    const scheduled = await scheduleStatus(backend, args, await defaultPool(ctx));
    render(ctx, scheduled, scheduleStatusRendering);
    // rbdm addition, on stderr so the output keeps rbd's shape: times nobody will honour
    if (scheduled.length > 0 && !schedulesExecuted(backend, await backend.mirrorDaemons())) {
      ctx.print.warn(`rbd: warning: no rbd-mirror daemon is running for cluster ${ctx.backendOptions.cluster}: nothing takes these snapshots until one starts`);
    }
  },
});
