import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { POOL_OPTIONS } from '../../src/cli/shared-options.js';
import { createNamespace } from '../../src/domain/image-namespaces.js';
import { parsePoolSpec } from '../../src/domain/specs.js';

export default defineCommand({
  path: ['namespace', 'create'],
  describe: 'Create an RBD image namespace.',
  positionals: [{ name: 'namespace-spec', describe: 'namespace specification\n(example: <pool-name>/<namespace-name>)' }],
  options: { ...POOL_OPTIONS },
  async run(args, ctx) {
    await createNamespace(await ctx.backend(), parsePoolSpec(args.namespaceSpec, args, await defaultPool(ctx)));
  },
});
