// Connecting to a peer cluster as the peer's client, the way rbd-mirror does with the peer's
// `mon_host`/`key` attributes (config-key rbd/mirror/peer/<pool_id>/<uuid>). On the local backend a
// mon_host is `local:<absolute cluster dir>`; the key is checked against the remote's auth table,
// so a wrong or revoked key is refused (EACCES) and nothing is read or written there.
import { basename, dirname } from 'node:path';
import { Errno, RbdError, strerror } from '../errors.js';
import { LocalCore } from '../backends/local/core.js';
import { clusterDir, localClusterDirOf, LocalStore } from '../backends/local/store.js';
import type { PeerAttributes, PeerSite } from '../backends/types.js';

/** A LocalCore over the cluster in `dir` (the local backend's mirror helpers take a core). */
export function coreAt(dir: string, configOverrides: Record<string, string> = {}): LocalCore {
  return new LocalCore({ cluster: basename(dir), configOverrides }, { RBDM_HOME: dirname(dir) });
}

/** Where a peer lives: its mon_host attribute, else a cluster named after the peer's site
 *  (`peer add client.x@site-b` without --remote-mon-host reads /etc/ceph/site-b.conf in Ceph). */
export function peerClusterDir(peer: PeerSite, attrs: PeerAttributes, env: NodeJS.ProcessEnv): string {
  const mon = attrs.mon_host ?? '';
  if (mon === '') return clusterDir(peer.siteName, env);
  const dir = localClusterDirOf(mon);
  if (dir === undefined) throw new RbdError(Errno.ETIMEDOUT, `unreachable monitor address ${mon}: ${strerror(Errno.ETIMEDOUT)}`);
  return dir;
}

/** cephx: the client must exist on the remote and, when a key attribute is set, match it. Without
 *  a key attribute the client's own keyring is used (it exists locally on this host). */
export function authenticate(remote: LocalStore, clientName: string, key: string | undefined): void {
  if (!clientName) throw new RbdError(Errno.EINVAL, 'peer has no client name');
  const row = remote.db.prepare('SELECT key FROM auth WHERE entity = ?').get(clientName) as { key: string } | undefined;
  if (!row || (key !== undefined && row.key !== key)) {
    throw new RbdError(Errno.EACCES, `authentication of ${clientName} failed: ${strerror(Errno.EACCES)}`);
  }
}

export interface RemoteCluster {
  dir: string;
  core: LocalCore;
  store: LocalStore;
  clientName: string;
  key: string | undefined;
}

export function connectRemote(peer: PeerSite, attrs: PeerAttributes, env: NodeJS.ProcessEnv): RemoteCluster {
  const dir = peerClusterDir(peer, attrs, env);
  const core = coreAt(dir);
  let store: LocalStore;
  try {
    store = core.store;
  } catch {
    throw new RbdError(Errno.ETIMEDOUT, `no cluster at ${dir}: ${strerror(Errno.ETIMEDOUT)}`);
  }
  try {
    authenticate(store, peer.clientName, attrs.key);
  } catch (e) {
    core.close();
    throw e;
  }
  return { dir, core, store, clientName: peer.clientName, key: attrs.key };
}
