import { bashCompletionScript } from '../src/cli/completion-script.js';
import { defineCommand } from '../src/cli/define.js';

export default defineCommand({
  path: ['completion'],
  describe: 'Print a bash completion script (rbdm addition).',
  details: 'Print a bash completion script (rbdm addition). It completes command words, options,\n'
    + 'mode words and the pool, namespace, image and snapshot names of the cluster on the line.\n'
    + 'Install it with `rbd completion >> ~/.bashrc` (as rbdm: `rbdm completion`).',
  positionals: [],
  options: {},
  async run(_args, ctx) {
    ctx.print.write(bashCompletionScript(ctx.io.program ?? 'rbd'));
  },
});
