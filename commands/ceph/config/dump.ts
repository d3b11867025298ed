import { CEPH_FORMAT_OPTIONS } from '../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../src/cli/define.js';
import { cephConfigDump } from '../../../src/domain/ceph-config.js';
import { configDumpRendering } from '../../../src/render/ceph-admin.js';
import { cephRender } from '../../../src/render/ceph-output.js';

export default defineCommand({
  path: ['config', 'dump'],
  describe: 'Show all configuration option(s)',
  positionals: [],
  options: { ...CEPH_FORMAT_OPTIONS },
  async run(args, ctx) {
    cephRender(ctx, args.format, await cephConfigDump(await ctx.backend()), configDumpRendering);
  },
});
