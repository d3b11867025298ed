import { defineCommand } from '../../src/cli/define.js';
import { POOL_OPTIONS } from '../../src/cli/shared-options.js';
import { createNamespace } from '../../src/domain/image-namespaces.js';

export default defineCommand({
  path: ['namespace', 'create'],
  describe: 'Create an RBD image namespace.',
  positionals: [{ name: 'namespace-spec', describe: 'namespace specification\n(example: <pool-name>/<namespace-name>)' }],
  options: { ...POOL_OPTIONS },
  spec: { positional: 'namespace-spec', kind: 'pool' },
  async run(args, ctx, target) {
    await createNamespace(await ctx.backend(), await target());
  },
});
