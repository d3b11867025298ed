import { CEPH_FORMAT_OPTIONS } from '../../../../src/cli/ceph-args.js';
import { defineCommand } from '../../../../src/cli/define.js';
import { osdPoolList } from '../../../../src/domain/ceph-pools.js';
import { cephRender } from '../../../../src/render/ceph-output.js';
import { poolListRendering } from '../../../../src/render/ceph-admin.js';

export default defineCommand({
  path: ['osd', 'pool', 'ls'],
  describe: 'list pools',
  positionals: [],
  options: { ...CEPH_FORMAT_OPTIONS },
  async run(args, ctx) {
    cephRender(ctx, args.format, await osdPoolList(await ctx.backend()), poolListRendering);
  },
});
