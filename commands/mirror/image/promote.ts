import { defineCommand } from '../../../src/cli/define.js';
import { IMAGE_OPTIONS, IMAGE_SPEC } from '../../../src/cli/shared-options.js';
import { promoteBusyHint } from '../../../src/domain/failover/promote-hint.js';
import { promoteImage } from '../../../src/domain/mirror-image.js';
import { Errno, isRbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'promote'],
  describe: 'Promote an image to primary for RBD mirroring.',
  positionals: [IMAGE_SPEC],
  options: {
    force: { type: 'boolean', describe: 'promote even if not cleanly demoted by remote cluster' },
    ...IMAGE_OPTIONS,
  },
  spec: { positional: 'image-spec', kind: 'image', validation: 'none', snapshot: 'none' },
  async run(args, ctx, target) {
    const ref = await target();
    const backend = await ctx.backend();
    try {
      await promoteImage(backend, ref, { force: args.force });
    } catch (e) {
      // rbdm addition, on a terminal only: real rbd's stderr stays as it is for scripts and logs
      if (isRbdError(e, Errno.EBUSY) && ctx.progress) ctx.print.warn(await promoteBusyHint(backend, ref));
      throw e;
    }
    ctx.print.line('Image promoted to primary');
  },
});
