// One pool (or namespace) replicated from its rx peer: keeps the connection to the peer (as the
// peer's client, with its key), registers this site on the remote (the tx-only peer entry and our
// mirror uuid, as rbd-mirror's "mirror peer ping" does), and runs an ImageReplayer for every
// mirrored image on either side.
import { DIRECTION_NAMES, insertPeer, peerAttributesOf, peersOf, siteNameOf } from '../backends/local/mirror-pool.js';
import type { LocalCore } from '../backends/local/core.js';
import type { PeerSite } from '../backends/types.js';
import type { ReplayContext } from './context.js';
import { status } from './describe.js';
import { ImageReplayer } from './image-replayer.js';
import { listMirrored } from './images.js';
import type { Logger } from './log.js';
import type { Callout } from './registry.js';
import { authenticate, connectRemote, type RemoteCluster } from './remote.js';
import type { StatusWriter } from './status.js';
import type { Timing } from './timing.js';

export interface PoolServices {
  local: LocalCore;
  status: StatusWriter;
  log: Logger;
  timing: Timing;
  env: NodeJS.ProcessEnv;
  stopping(): boolean;
}

const CONNECT_ERROR = 'unable to connect to remote cluster';
const POOL_WARNING = 'unable to access remote pool';

/** The rx peer of a pool: the one rbd-mirror pulls from (only one is supported). */
export function rxPeer(local: LocalCore, poolId: number): PeerSite | undefined {
  return peersOf(local.store, poolId).find((p) => p.direction === 'rx-only' || p.direction === 'rx-tx');
}

export function mirrorUuidOf(core: LocalCore, poolId: number, namespace: string): string {
  const row = core.store.db.prepare(`SELECT mirror_uuid FROM mirror_config WHERE pool_id = ? AND namespace IN (?, '')
    ORDER BY namespace = ? DESC LIMIT 1`).get(poolId, namespace, namespace) as { mirror_uuid: string } | undefined;
  return row?.mirror_uuid ?? '';
}

export class PoolReplayer {
  callouts: Callout[] = [];
  private remote?: RemoteCluster;
  private connectedAs = '';
  private readonly images = new Map<string, ImageReplayer>();
  private lastProblem = '';

  constructor(private readonly s: PoolServices, readonly poolId: number, readonly poolName: string, readonly namespace: string) {}

  get label(): string {
    return this.namespace ? `${this.poolName}/${this.namespace}` : this.poolName;
  }

  private problem(level: Callout['level'], text: string, detail: string): false {
    this.callouts = [{ level, text }];
    const line = `${this.label}: ${text}: ${detail}`;
    if (line !== this.lastProblem) this.s.log.error('pool_replayer', line);
    this.lastProblem = line;
    return false;
  }

  /** The remote connection for the current peer and attributes; re-authenticated every time,
   *  so a revoked key stops replication at the next poll. */
  private connect(peer: PeerSite): RemoteCluster {
    const attrs = peerAttributesOf(this.s.local.store, this.poolId, peer.uuid);
    const who = JSON.stringify([peer.uuid, peer.clientName, peer.siteName, attrs]);
    if (this.remote && this.connectedAs === who) {
      try {
        authenticate(this.remote.store, peer.clientName, attrs.key);
        return this.remote;
      } catch (e) {
        this.disconnect();
        throw e;
      }
    }
    this.disconnect();
    this.remote = connectRemote(peer, attrs, this.s.env);
    this.connectedAs = who;
    this.s.status.forget();
    this.s.log.info('pool_replayer', `${this.label}: connected to peer ${peer.siteName} as ${peer.clientName}`);
    return this.remote;
  }

  disconnect(): void {
    this.remote?.core.close();
    this.remote = undefined;
    this.connectedAs = '';
  }

  /** One pass over the pool's images; true when some image has more work waiting. */
  async tick(): Promise<boolean> {
    const peer = rxPeer(this.s.local, this.poolId);
    if (!peer) return false;
    let remote: RemoteCluster;
    try {
      remote = this.connect(peer);
    } catch (e) {
      return this.problem('error', CONNECT_ERROR, (e as Error).message);
    }
    const remotePool = remote.store.db.prepare('SELECT id FROM pools WHERE name = ?').get(this.poolName) as { id: number } | undefined;
    if (!remotePool) return this.problem('warning', POOL_WARNING, 'remote pool does not exist');
    const remoteMode = remote.store.db.prepare('SELECT mode FROM mirror_config WHERE pool_id = ? AND namespace = ?')
      .get(remotePool.id, this.namespace) as { mode: number } | undefined;
    if (!remoteMode || remoteMode.mode === 0) return this.problem('warning', POOL_WARNING, 'mirroring is not enabled on the remote pool');
    if (this.callouts.length) this.s.log.info('pool_replayer', `${this.label}: peer ${peer.siteName} reachable again`);
    this.callouts = [];
    this.lastProblem = '';

    const localMirrorUuid = mirrorUuidOf(this.s.local, this.poolId, this.namespace);
    const remoteMirrorUuid = mirrorUuidOf(remote.core, remotePool.id, this.namespace);
    const remotePeerUuid = this.ping(remote, remotePool.id, localMirrorUuid);
    const ctx: ReplayContext = {
      local: this.s.local, remote, localPoolId: this.poolId, localPoolName: this.poolName, remotePoolId: remotePool.id,
      namespace: this.namespace, localMirrorUuid, remoteMirrorUuid, remotePeerUuid, status: this.s.status, log: this.s.log,
      timing: this.s.timing, stopping: this.s.stopping,
    };

    const ids = new Set<string>();
    for (const img of listMirrored(this.s.local, this.poolId, this.namespace)) ids.add(img.globalId);
    for (const img of listMirrored(remote.core, remotePool.id, this.namespace)) ids.add(img.globalId);
    for (const id of [...this.images.keys()]) if (!ids.has(id)) this.images.delete(id);
    let more = false;
    for (const id of ids) {
      if (this.s.stopping()) break;
      let replayer = this.images.get(id);
      if (!replayer) this.images.set(id, (replayer = new ImageReplayer(id)));
      try {
        if (await replayer.step(ctx)) more = true;
      } catch (e) {
        this.s.log.error('image_replayer', `${this.label} ${id}: ${(e as Error).message}`);
        try {
          replayer.report(ctx, status('error', `failed to replay: ${(e as Error).message}`),
            listMirrored(this.s.local, this.poolId, this.namespace).find((i) => i.globalId === id), undefined);
        } catch { /* the store itself failed; the next poll retries */ }
      }
    }
    return more;
  }

  /** Registers this site on the remote pool: the peer entry named after our site (a tx-only
   *  one is added when the remote has none, as for an rx-only import) carries our mirror uuid.
   *  Returns that entry's uuid: the one the remote's primary snapshots are linked to. */
  private ping(remote: RemoteCluster, remotePoolId: number, localMirrorUuid: string): string | undefined {
    if (!localMirrorUuid) return undefined;
    const site = siteNameOf(this.s.local.store);
    const find = () => {
      const peers = peersOf(remote.store, remotePoolId);
      return peers.find((p) => p.siteName === site) ?? peers.find((p) => p.mirrorUuid === localMirrorUuid);
    };
    const found = find();
    if (found && found.mirrorUuid === localMirrorUuid) return found.uuid;
    return remote.store.tx(() => {
      const p = find();
      const uuid = p?.uuid ?? insertPeer(remote.store, remotePoolId, { direction: DIRECTION_NAMES[1]!, siteName: site, clientName: '' });
      remote.store.db.prepare('UPDATE peers SET mirror_uuid = ?, last_seen = ? WHERE uuid = ?').run(localMirrorUuid, Math.floor(Date.now() / 1000), uuid);
      if (!p) this.s.log.info('pool_replayer', `${this.label}: registered tx-only peer ${site} on the remote`);
      return uuid;
    });
  }
}
