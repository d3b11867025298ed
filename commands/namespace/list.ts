import { defineCommand } from '../../src/cli/define.js';
import { FORMAT_OPTIONS, POOL_NAME, POOL_NAME_OPTIONS } from '../../src/cli/shared-options.js';
import { listNamespaces } from '../../src/domain/image-namespaces.js';
import { namespaceListRendering } from '../../src/render/image-namespaces.js';
import { render } from '../../src/render/output.js';

export default defineCommand({
  path: ['namespace', 'list'],
  aliases: [['namespace', 'ls']],
  describe: 'List RBD image namespaces.',
  positionals: [POOL_NAME],
  options: { ...POOL_NAME_OPTIONS, ...FORMAT_OPTIONS },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const names = await listNamespaces(await ctx.backend(), await target());
    render(ctx, names, namespaceListRendering);
  },
});
