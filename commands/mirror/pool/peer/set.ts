import { defineCommand } from '../../../../src/cli/define.js';
import { POOL_NAME, POOL_NAME_OPTIONS } from '../../../../src/cli/shared-options.js';
import { setPeer } from '../../../../src/domain/peers.js';
import { afterPool } from '../../../../src/domain/pool-args.js';
import { printWarnings } from '../../../../src/render/pool-actions.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'set'],
  describe: 'Update mirroring peer settings.',
  positionals: [
    POOL_NAME,
    { name: 'uuid', describe: 'peer uuid' },
    { name: 'key', describe: 'peer parameter\n(direction, site-name, client, mon-host, key-file)' },
    { name: 'value', describe: 'new value for specified key\n(rx-only, tx-only, or rx-tx for direction)' },
  ],
  options: { ...POOL_NAME_OPTIONS },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const ref = await target();
    const [uuid, key, value] = afterPool(args.pool, [args.poolName, args.uuid, args.key, args.value]);
    printWarnings(ctx, await setPeer(await ctx.backend(), ref, uuid, key, value));
  },
});
