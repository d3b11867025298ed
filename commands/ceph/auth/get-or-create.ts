import { CEPH_FORMAT_OPTIONS, OUT_FILE_OPTION, required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { emitPrivate } from '../../../src/cli/output-file.js';
import { authGetOrCreate } from '../../../src/domain/ceph-auth.js';
import { cephText } from '../../../src/render/ceph-output.js';
import { createdKeyringRendering } from '../../../src/render/keyring.js';

const command = defineCommand({
  path: ['auth', 'get-or-create'],
  describe: 'add auth info for <entity> from input file, or random key if no input given, and/or any caps specified in the command',
  positionals: [{ name: 'entity', describe: 'client.<id>, e.g. client.rbd-mirror-peer' }, { name: 'caps', describe: 'service and capability pairs', variadic: true }],
  options: { ...CEPH_FORMAT_OPTIONS, ...OUT_FILE_OPTION },
  async run(args, ctx) {
    const user = await authGetOrCreate(await ctx.backend(), required(args.entity, 'entity(<string>)', command), args.caps);
    emitPrivate(ctx, cephText(args.format, user, createdKeyringRendering), args.outFile);
  },
});
export default command;
