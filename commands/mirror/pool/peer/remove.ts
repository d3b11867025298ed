import { defaultPool } from '../../../../src/cli/defaults.js';
import { defineCommand } from '../../../../src/cli/define.js';
import { POOL_NAME, POOL_NAME_OPTIONS } from '../../../../src/cli/shared-options.js';
import { removePeer } from '../../../../src/domain/peers.js';
import { afterPool } from '../../../../src/domain/pool-args.js';
import { parsePoolName } from '../../../../src/domain/specs.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'remove'],
  describe: 'Remove a mirroring peer from a pool.',
  positionals: [POOL_NAME, { name: 'uuid', describe: 'peer uuid' }],
  options: { ...POOL_NAME_OPTIONS },
  async run(args, ctx) {
    const ref = parsePoolName(args.poolName, args, await defaultPool(ctx));
    const [uuid] = afterPool(args.pool, [args.poolName, args.uuid]);
    await removePeer(await ctx.backend(), ref, uuid);
  },
});
