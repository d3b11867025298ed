import { CEPH_FORMAT_OPTIONS, OUT_FILE_OPTION } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { emitPrivate } from '../../../src/cli/output-file.js';
import { authList } from '../../../src/domain/ceph-auth.js';
import { cephText } from '../../../src/render/ceph-output.js';
import { authListRendering } from '../../../src/render/keyring.js';

export default defineCommand({
  path: ['auth', 'ls'],
  aliases: [['auth', 'list']],
  describe: 'list authentication state',
  positionals: [],
  options: { ...CEPH_FORMAT_OPTIONS, ...OUT_FILE_OPTION },
  async run(args, ctx) {
    // every key is listed, as `ceph auth ls` does: asking for the list is asking for the keys
    emitPrivate(ctx, cephText(args.format, await authList(await ctx.backend()), authListRendering), args.outFile);
    if (args.format !== 'json' && args.format !== 'json-pretty') ctx.print.warn('installed auth entries:');
  },
});
