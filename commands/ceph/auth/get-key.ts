import { CEPH_FORMAT_OPTIONS, OUT_FILE_OPTION, required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { emitPrivate } from '../../../src/cli/output-file.js';
import { authGetKey } from '../../../src/domain/ceph-auth.js';
import { cephText } from '../../../src/render/ceph-output.js';
import { keyRendering } from '../../../src/render/keyring.js';

const command = defineCommand({
  path: ['auth', 'get-key'],
  describe: 'display requested key',
  positionals: [{ name: 'entity', describe: 'e.g. client.admin' }],
  options: { ...CEPH_FORMAT_OPTIONS, ...OUT_FILE_OPTION },
  async run(args, ctx) {
    const key = await authGetKey(await ctx.backend(), required(args.entity, 'entity(<string>)', command));
    emitPrivate(ctx, cephText(args.format, key, keyRendering), args.outFile);
  },
});
export default command;
