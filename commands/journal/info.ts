import { defineCommand } from '../../src/cli/define.js';
import { defaultPool } from '../../src/cli/defaults.js';
import { FORMAT_OPTIONS, JOURNAL_OPTIONS, JOURNAL_SPEC } from '../../src/cli/shared-options.js';
import { journalInfo, resolveJournal } from '../../src/domain/journal.js';
import { journalInfoRendering } from '../../src/render/journal.js';
import { render } from '../../src/render/output.js';

export default defineCommand({
  path: ['journal', 'info'],
  describe: 'Show information about image journal.',
  positionals: [JOURNAL_SPEC],
  options: { ...JOURNAL_OPTIONS, ...FORMAT_OPTIONS },
  async run(args, ctx) {
    const backend = await ctx.backend();
    render(ctx, await journalInfo(backend, await resolveJournal(backend, args.journalSpec, args, await defaultPool(ctx))), journalInfoRendering);
  },
});
