import { defineCommand } from '../../../../src/cli/define.js';
import { POOL_NAME, POOL_NAME_OPTIONS } from '../../../../src/cli/shared-options.js';
import { addPeer } from '../../../../src/domain/peers.js';
import { afterPool } from '../../../../src/domain/pool-args.js';
import { DIRECTION_OPTION } from './direction.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'add'],
  describe: 'Add a mirroring peer to a pool.',
  positionals: [POOL_NAME, { name: 'remote-cluster-spec', describe: 'remote cluster spec\n(example: [<client name>@]<cluster name>)' }],
  options: {
    ...POOL_NAME_OPTIONS,
    'remote-client-name': { type: 'string', describe: 'remote client name' },
    'remote-cluster': { type: 'string', describe: 'remote cluster name' },
    'remote-mon-host': { type: 'string', describe: 'remote mon host(s)' },
    'remote-key-file': { type: 'string', describe: 'path to file containing remote key' },
    ...DIRECTION_OPTION,
  },
  spec: { positional: 'pool-name', kind: 'pool-name' },
  async run(args, ctx, target) {
    const ref = await target();
    const [spec] = afterPool(args.pool, [args.poolName, args.remoteClusterSpec]);
    ctx.print.line(await addPeer(await ctx.backend(), ref, { ...args, spec }));
  },
});
