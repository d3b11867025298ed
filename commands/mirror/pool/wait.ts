import { defineCommand } from '../../../src/cli/define.js';
import { openPeer, RBDM_ADDITION, TIMEOUT_OPTION, timeoutMs, timing, waitProgress } from '../../../src/cli/failover-cli.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';
import { poolSyncedCondition } from '../../../src/domain/failover/wait-image.js';
import { waitUntil } from '../../../src/domain/failover/wait.js';

export default defineCommand({
  path: ['mirror', 'pool', 'wait'],
  describe: `Wait until every mirrored image of the pool is synced. ${RBDM_ADDITION}`,
  positionals: [POOL_SPEC],
  options: {
    for: { type: 'string', describe: 'condition: synced', choices: ['synced'] },
    snapshot: { type: 'boolean', describe: 'snapshot-mode primaries: take a mirror snapshot first' },
    ...TIMEOUT_OPTION,
    ...POOL_OPTIONS,
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    const be = await ctx.backend();
    const { cond, what } = await poolSyncedCondition(be, await openPeer(ctx, be, ref), ref, args.for, { snapshot: args.snapshot, timing: timing() });
    const progress = waitProgress(ctx, what);
    try {
      await waitUntil(cond, { timeoutMs: timeoutMs(args.timeout, undefined), timing: timing(), what, onProgress: progress.onProgress });
    } finally { progress.done(); }
  },
});
