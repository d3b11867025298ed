// Where rbd-mirror gets its endpoints: the one place that picks an implementation of the
// replication interface (replication.ts). Only the local backend replicates today; another
// implementation is another folder and one more branch here.
import type { ConnectOptions, EndpointConnector } from './replication.js';

export async function connectReplication(opts: ConnectOptions): Promise<EndpointConnector> {
  const { localConnector } = await import('./local/replication/index.js');
  return localConnector(opts);
}
