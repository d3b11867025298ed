// The local choices a bootstrap makes for the non-primary copy.
import type { MirroredImage, ReplicationEndpoint } from '../backends/replication.js';
import { chooseDataPool } from '../domain/data-pool.js';

/** The data pool of the copy, by the seed's three rules (domain/data-pool.ts). */
export function localDataPool(local: ReplicationEndpoint, remote: MirroredImage, localPool: string): string | undefined {
  const pools = local.poolNames();
  const chosen = chooseDataPool({
    localDefaultDataPool: local.config('rbd_default_data_pool'),
    sourceDataPool: remote.dataPool ?? undefined,
    localPools: pools,
  });
  return chosen && chosen !== localPool && pools.includes(chosen) ? chosen : undefined;
}
