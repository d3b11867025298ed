// What an image replayer works with: both clusters (as replication endpoints), the pool on each
// side, the identities that tie them together, and the daemon's services.
import type { ReplicationEndpoint } from '../backends/replication.js';
import type { Logger } from './log.js';
import type { StatusWriter } from './status.js';
import type { Timing } from './timing.js';

export interface ReplayContext {
  local: ReplicationEndpoint;
  remote: ReplicationEndpoint;
  localPoolId: number;
  localPoolName: string;
  remotePoolId: number;
  namespace: string;
  /** Our pool's mirror uuid: our journal client id, and the key of our status in the remote. */
  localMirrorUuid: string;
  /** The remote pool's mirror uuid: `primary_mirror_uuid` of the snapshots we copy. */
  remoteMirrorUuid: string;
  /** The remote's peer entry for this site: the uuid its primary snapshots are linked to. */
  remotePeerUuid: string | undefined;
  status: StatusWriter;
  log: Logger;
  timing: Timing;
  /** Aborted when the daemon stops: long copies return at the next object. */
  signal: AbortSignal;
}
