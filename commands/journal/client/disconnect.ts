import { defineCommand } from '../../../src/cli/define.js';
import { defaultPool } from '../../../src/cli/defaults.js';
import { JOURNAL_OPTIONS, JOURNAL_SPEC } from '../../../src/cli/shared-options.js';
import { journalClientDisconnect, resolveJournal } from '../../../src/domain/journal.js';

export default defineCommand({
  path: ['journal', 'client', 'disconnect'],
  describe: 'Flag image journal client as disconnected.',
  positionals: [JOURNAL_SPEC],
  options: { ...JOURNAL_OPTIONS, 'client-id': { type: 'string', describe: 'client ID (or leave unspecified to disconnect all)' } },
  async run(args, ctx) {
    const backend = await ctx.backend();
    await journalClientDisconnect(backend, await resolveJournal(backend, args.journalSpec, args, await defaultPool(ctx)), args.clientId);
  },
});
