import { defineCommand } from '../../src/cli/define.js';
import { IMAGE_OPTIONS } from '../../src/cli/shared-options.js';
import { setSnapshotProtection } from '../../src/domain/clones.js';

export default defineCommand({
  path: ['snap', 'unprotect'],
  describe: 'Allow a snapshot to be deleted.',
  positionals: [{ name: 'snap-spec', describe: 'snapshot specification\n(example:\n[<pool-name>/[<namespace>/]]<image-name>@<snap-name>)' }],
  options: { ...IMAGE_OPTIONS, snap: { type: 'string', describe: 'snapshot name' } },
  spec: { positional: 'snap-spec', kind: 'image', validation: 'none', snapshot: 'required' },
  async run(args, ctx, target) {
    await setSnapshotProtection(await ctx.backend(), await target(), false);
  },
});
