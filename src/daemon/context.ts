// What an image replayer works with: both clusters, the pool on each side, the identities that
// tie them together, and the daemon's services.
import type { LocalCore } from '../backends/local/core.js';
import type { Logger } from './log.js';
import type { RemoteCluster } from './remote.js';
import type { StatusWriter } from './status.js';
import type { Timing } from './timing.js';

export interface ReplayContext {
  local: LocalCore;
  remote: RemoteCluster;
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
  /** Set when the daemon is stopping: long copies return at the next object. */
  stopping(): boolean;
}
