import { CEPH_FORMAT_OPTIONS } from '../../src/cli/ceph-args.js';
import { defineCommand } from '../../src/cli/define.js';
import { fsidRendering } from '../../src/render/ceph-admin.js';
import { cephRender } from '../../src/render/ceph-output.js';

export default defineCommand({
  path: ['fsid'],
  describe: 'show cluster FSID/UUID',
  positionals: [],
  options: { ...CEPH_FORMAT_OPTIONS },
  async run(args, ctx) {
    cephRender(ctx, args.format, (await (await ctx.backend()).identity()).fsid, fsidRendering);
  },
});
