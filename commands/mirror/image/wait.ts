import { defineCommand } from '../../../src/cli/define.js';
import { openPeer, RBDM_ADDITION, TIMEOUT_OPTION, timeoutMs, timing, waitProgress } from '../../../src/cli/failover-cli.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { imageWaitCondition } from '../../../src/domain/failover/wait-image.js';
import { WAIT_CONDITIONS, waitUntil } from '../../../src/domain/failover/wait.js';

export default defineCommand({
  path: ['mirror', 'image', 'wait'],
  describe: `Wait until an image is synced, demoted, promoted or replaying. ${RBDM_ADDITION}`,
  details: `Wait until an image is synced, demoted, promoted or replaying. ${RBDM_ADDITION} ` +
    'Waits until the condition holds: synced (the peer has everything the primary had when the wait began), ' +
    'demoted (this copy is non-primary and has the demotion: promote works here), promoted, replaying. ' +
    `Exit 0 when reached, 110 (ETIMEDOUT) on timeout with what is missing.`,
  positionals: [IMAGE_SPEC],
  options: {
    for: { type: 'string', describe: 'condition: synced, demoted, promoted or replaying', choices: WAIT_CONDITIONS },
    snapshot: { type: 'boolean', describe: 'snapshot mode, synced: take a mirror snapshot first' },
    ...TIMEOUT_OPTION,
    ...IMAGE_OPTIONS,
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    const be = await ctx.backend();
    const peer = args.for === 'synced' ? await openPeer(ctx, be, ref) : {};
    const { cond, what } = await imageWaitCondition(be, peer, ref, args.for, { snapshot: args.snapshot, timing: timing() });
    const progress = waitProgress(ctx, what);
    try {
      await waitUntil(cond, { timeoutMs: timeoutMs(args.timeout, undefined), timing: timing(), what, onProgress: progress.onProgress });
    } finally { progress.done(); }
  },
});
