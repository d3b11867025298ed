import { defineCommand } from '../../../../src/cli/define.js';
import { POOL_NAME, POOL_NAME_OPTIONS } from '../../../../src/cli/shared-options.js';
import { removePeer } from '../../../../src/domain/peers.js';
import { afterPool } from '../../../../src/domain/pool-args.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'remove'],
  describe: 'Remove a mirroring peer from a pool.',
  positionals: [POOL_NAME, { name: 'uuid', describe: 'peer uuid' }],
  options: { ...POOL_NAME_OPTIONS },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const ref = await target();
    const [uuid] = afterPool(args.pool, [args.poolName, args.uuid]);
    await removePeer(await ctx.backend(), ref, uuid);
  },
});
