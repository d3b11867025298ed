import { CEPH_FORMAT_OPTIONS } from '../../src/cli/ceph-args.js';
import { defineCommand } from '../../src/cli/define.js';
import { cephStatus } from '../../src/domain/ceph-status.js';
import { statusRendering } from '../../src/render/ceph-admin.js';
import { cephRender } from '../../src/render/ceph-output.js';

export default defineCommand({
  path: ['status'],
  describe: 'show cluster status',
  details: 'Also `ceph -s`. Lists the rbd-mirror daemons of the service map.',
  positionals: [],
  options: { ...CEPH_FORMAT_OPTIONS },
  async run(args, ctx) {
    cephRender(ctx, args.format, await cephStatus(await ctx.backend()), statusRendering);
  },
});
