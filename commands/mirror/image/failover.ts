import { defineCommand } from '../../../src/cli/define.js';
import { FAILOVER_OPTIONS, JSON_FORMAT_OPTIONS, RBDM_ADDITION } from '../../../src/cli/failover-cli.js';
import { runFailover } from '../../../src/cli/failover-run.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';

export default defineCommand({
  path: ['mirror', 'image', 'failover'],
  describe: `Fail an image over to another cluster: preflight, demote, wait, promote, verify. ${RBDM_ADDITION}`,
  details: `Fail an image over to another cluster: preflight, demote, wait, promote, verify. ${RBDM_ADDITION} ` +
    'Run against the current primary (--cluster); --to names the target cluster the same way. ' +
    'Steps are reported as they run; a failure after the demotion re-promotes the source. ' +
    `--dry-run runs the preflight and prints the plan; --force promotes the target when the source is unreachable.`,
  positionals: [IMAGE_SPEC],
  options: {
    ...FAILOVER_OPTIONS,
    'dry-run': { type: 'boolean', describe: 'preflight and plan only, change nothing' },
    force: { type: 'boolean', describe: 'source unreachable: force-promote the target (disaster)' },
    ...IMAGE_OPTIONS,
    ...JSON_FORMAT_OPTIONS,
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    await runFailover(ctx, await ctx.backend(), ref, [ref.image], args, 1);
  },
});
