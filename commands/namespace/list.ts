import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { FORMAT_OPTIONS, POOL_NAME, POOL_NAME_OPTIONS } from '../../src/cli/shared-options.js';
import { listNamespaces } from '../../src/domain/image-namespaces.js';
import { parsePoolName } from '../../src/domain/specs.js';
import { namespaceListRendering } from '../../src/render/image-namespaces.js';
import { render } from '../../src/render/output.js';

export default defineCommand({
  path: ['namespace', 'list'],
  aliases: [['namespace', 'ls']],
  describe: 'List RBD image namespaces.',
  positionals: [POOL_NAME],
  options: { ...POOL_NAME_OPTIONS, ...FORMAT_OPTIONS },
  async run(args, ctx) {
    const names = await listNamespaces(await ctx.backend(), parsePoolName(args.poolName, args, await defaultPool(ctx)));
    render(ctx, names, namespaceListRendering);
  },
});
