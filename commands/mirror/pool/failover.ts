import { defineCommand } from '../../../src/cli/define.js';
import { concurrency, CONCURRENCY_OPTION, FAILOVER_OPTIONS, JSON_FORMAT_OPTIONS, RBDM_ADDITION } from '../../../src/cli/failover-cli.js';
import { runFailover } from '../../../src/cli/failover-run.js';
import { POOL_OPTIONS, POOL_SPEC } from '../../../src/cli/shared-options.js';

export default defineCommand({
  path: ['mirror', 'pool', 'failover'],
  describe: `Fail every mirrored image of a pool over to another cluster. ${RBDM_ADDITION}`,
  details: `Fail every mirrored image of a pool over to another cluster. ${RBDM_ADDITION} ` +
    'As mirror image failover, for every mirrored image of the pool (namespace), several at a time; each image is reported. ' +
    `A failed image is rolled back on its own; the others keep their outcome.`,
  positionals: [POOL_SPEC],
  options: {
    ...FAILOVER_OPTIONS,
    ...CONCURRENCY_OPTION,
    'dry-run': { type: 'boolean', describe: 'preflight and plan only, change nothing' },
    force: { type: 'boolean', describe: 'source unreachable: force-promote the target (disaster)' },
    ...POOL_OPTIONS,
    ...JSON_FORMAT_OPTIONS,
  },
  spec: { positional: 'pool-spec', kind: 'pool' },
  async run(args, ctx, target) {
    const ref = await target();
    await runFailover(ctx, await ctx.backend(), ref, 'all', args, concurrency(args.maxConcurrent));
  },
});
