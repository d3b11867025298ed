// The local backend's replication endpoints: the daemon's own cluster (as its client.<id>, whose
// caps say what it may do), and a peer reached through its mon_host (`local:<absolute cluster dir>`,
// or the cluster named after the peer's site) as the peer's client, authenticated and authorized
// by the cephx checks every way in shares (../cephx.ts).
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathUnder } from '../../../os/safe-fs.js';
import { Errno, RbdError, strerror } from '../../../errors.js';
import { keyringKey } from '../../../rules/keyring.js';
import type { ConnectOptions, EndpointConnector } from '../../replication.js';
import type { PeerAttributes, PeerSite } from '../../types.js';
import { authorizePeer, daemonAuthority, type DaemonAuthority, peerKeyUnreadable } from '../cephx.js';
import { LocalCore } from '../core.js';
import { clusterDir, DB_FILE, localClusterDirOf, rbdmHome } from '../store.js';
import { WalCheckpointer } from '../wal-checkpointer.js';
import { LocalEndpoint } from './endpoint.js';

/** Where a peer lives: its mon_host attribute, else a cluster named after the peer's site
 *  (`peer add client.x@site-b` without --remote-mon-host reads /etc/ceph/site-b.conf in Ceph). */
export function peerClusterDir(peer: PeerSite, attrs: PeerAttributes, env: NodeJS.ProcessEnv): string {
  const mon = attrs.mon_host ?? '';
  if (mon === '') return clusterDir(peer.siteName, env);
  const dir = localClusterDirOf(mon);
  if (dir === undefined) throw new RbdError(Errno.ETIMEDOUT, `unreachable monitor address ${mon}: ${strerror(Errno.ETIMEDOUT)}`);
  return dir;
}

export function localConnector(opts: ConnectOptions): EndpointConnector {
  // what the daemon's own user may do: read when it connects to its cluster
  let authority: DaemonAuthority | undefined;
  const ownAuthority = () => {
    const core = new LocalCore({ cluster: opts.cluster, id: opts.clientId, configOverrides: opts.configOverrides }, opts.env);
    try {
      return daemonAuthority(core.store, core.entityName);
    } finally {
      core.close();
    }
  };
  return {
    // the name comes from --cluster and --id: it must stay one file inside the log directory
    defaultLogFile: (name) => pathUnder(join(rbdmHome(opts.env), 'log'), `${name}.log`),
    local: () => {
      const core = new LocalCore({ cluster: opts.cluster, id: opts.clientId, configOverrides: opts.configOverrides }, opts.env);
      try {
        daemonConnection(core);
        authority = daemonAuthority(core.store, core.entityName); // ENOENT (no cluster) or EACCES now, not at the first call
      } catch (e) {
        core.close();
        throw e;
      }
      // the daemon writes its own store in bulk (copies, replays): checkpoints run beside it
      return new LocalEndpoint(core, opts.cluster, undefined, new WalCheckpointer(core.store.db, join(core.store.dir, DB_FILE)));
    },
    peer: (peer, attrs) => {
      const dir = peerClusterDir(peer, attrs, opts.env);
      const core = new LocalCore({ cluster: basename(dir), configOverrides: {} }, { RBDM_HOME: dirname(dir) });
      try {
        daemonConnection(core);
      } catch {
        throw new RbdError(Errno.ETIMEDOUT, `no cluster at ${dir}: ${strerror(Errno.ETIMEDOUT)}`);
      }
      const daemon = authority ??= ownAuthority();
      // the peer's `key` attribute (readable with the daemon's rbd-mirror caps), else the keyring
      // Ceph would read for that cluster and client
      const stored = daemon.readsPeerKeys ? attrs.key : undefined;
      const key = stored ?? keyringKeyOf(basename(dir), dir, peer.clientName);
      const check = () => {
        daemon.requireImageAccess();
        if (key === undefined && attrs.key !== undefined) throw peerKeyUnreadable(daemon, peer.clientName);
        authorizePeer(core.store, peer.clientName, key);
      };
      try {
        check();
      } catch (e) {
        core.close();
        throw e;
      }
      return new LocalEndpoint(core, peer.siteName, check);
    },
  };
}

/** WAL pages after which the daemon's commits checkpoint (SQLite's default is 1000, 4 MiB): a
 *  replicating daemon commits megabytes at a time, and a checkpoint (two fsyncs) after nearly
 *  every commit would be most of its wall time. Durability is unchanged: a commit is in the WAL. */
const DAEMON_WAL_AUTOCHECKPOINT = 16384;

/** Opens the store now (its errors surface here) with the daemon's connection settings. */
function daemonConnection(core: LocalCore): void {
  const { db } = core.store;
  if (!db.readonly) db.pragma(`wal_autocheckpoint = ${DAEMON_WAL_AUTOCHECKPOINT}`);
}

/** `<cluster>.<client>.keyring` beside the peer cluster's own config, or in /etc/ceph, as Ceph's
 *  default keyring search finds it (read bounded: a keyring is a few lines). */
function keyringKeyOf(cluster: string, dir: string, entity: string): string | undefined {
  for (const file of [join(dir, `${cluster}.${entity}.keyring`), `/etc/ceph/${cluster}.${entity}.keyring`]) {
    let text: string;
    try {
      text = readBounded(file, 64 * 1024);
    } catch {
      continue;
    }
    const key = keyringKey(text, entity);
    if (key) return key;
  }
  return undefined;
}

function readBounded(file: string, max: number): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const buf = Buffer.alloc(max);
    return buf.subarray(0, readSync(fd, buf, 0, max, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
