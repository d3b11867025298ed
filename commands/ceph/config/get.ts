import { CEPH_FORMAT_OPTIONS, required } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { cephConfigGet } from '../../../src/domain/ceph-config.js';
import { configGetRendering } from '../../../src/render/ceph-admin.js';
import { cephRender } from '../../../src/render/ceph-output.js';

const command = defineCommand({
  path: ['config', 'get'],
  describe: 'Show configuration option(s) for an entity',
  positionals: [{ name: 'who', describe: 'client or client.<id>' }, { name: 'key', describe: 'option name', optional: true }],
  options: { ...CEPH_FORMAT_OPTIONS },
  async run(args, ctx) {
    const r = await cephConfigGet(await ctx.backend(), required(args.who, 'who(<string>)', command), args.key);
    cephRender(ctx, args.format, r, configGetRendering);
  },
});
export default command;
