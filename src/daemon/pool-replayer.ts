// One pool (or namespace) replicated from its rx peer: keeps the endpoint of the peer (connected
// as the peer's client, with its key), registers this site on the remote (the tx-only peer entry
// and our mirror uuid, as rbd-mirror's "mirror peer ping" does), and runs an ImageReplayer for
// every mirrored image on either side. A peer that cannot be reached is retried with an
// exponential back-off; its callout and one log line say so until it is reachable again.
import type { Callout, EndpointConnector, ReplicationEndpoint } from '../backends/replication.js';
import type { PeerSite } from '../backends/types.js';
import type { ReplayContext } from './context.js';
import { Backoff } from './errors.js';
import { ImageReplayer } from './image-replayer.js';
import type { Logger } from './log.js';
import type { StatusWriter } from './status.js';
import type { SyncThrottle } from './sync-throttle.js';
import type { Timing } from './timing.js';

export interface PoolServices {
  local: ReplicationEndpoint;
  connector: EndpointConnector;
  status: StatusWriter;
  log: Logger;
  timing: Timing;
  syncs: SyncThrottle;
  signal: AbortSignal;
  /** This daemon's instance (service gid) in the image map, and whether it leads (keeps the map). */
  gid: number;
  isLeader(): boolean;
}

const CONNECT_ERROR = 'unable to connect to remote cluster';
const POOL_WARNING = 'unable to access remote pool';

/** The rx peer of a pool: the one rbd-mirror pulls from (only one is supported). */
export function rxPeer(local: ReplicationEndpoint, poolId: number): PeerSite | undefined {
  return local.peers(poolId).find((p) => p.direction === 'rx-only' || p.direction === 'rx-tx');
}

export class PoolReplayer {
  callouts: Callout[] = [];
  /** Stopped from the admin socket: every image replayer of the pool stays stopped. */
  private manualStop = false;
  private remote?: ReplicationEndpoint;
  private connectedAs = '';
  private readonly images = new Map<string, ImageReplayer>();
  private lastProblem = '';
  private readonly backoff: Backoff;
  // idle detection: the clusters' change tokens at the last full pass, and whether it left work
  private lastToken = '';
  private lastMore = true;
  private lastPass = 0;
  private lastTouch = 0;
  // the image map: every image of the pool at the last full pass, and what this instance holds
  private knownIds?: string[];
  private heldKey = '';

  constructor(private readonly s: PoolServices, readonly poolId: number, readonly poolName: string, readonly namespace: string) {
    this.backoff = new Backoff(s.timing.retryMinMs, s.timing.retryMaxMs);
  }

  get label(): string {
    return this.namespace ? `${this.poolName}/${this.namespace}` : this.poolName;
  }

  private problem(level: Callout['level'], text: string, detail: string): false {
    this.callouts = [{ level, text }];
    const line = `${this.label}: ${text}: ${detail}`;
    const wait = this.backoff.fail();
    if (line !== this.lastProblem) this.s.log.error('pool_replayer', `${line} (retrying, next in ${wait} ms)`);
    this.lastProblem = line;
    return false;
  }

  /** The remote endpoint for the current peer and attributes; its credentials are checked again
   *  every pass, so a revoked key stops replication at the next poll. */
  private connect(peer: PeerSite): ReplicationEndpoint {
    const attrs = this.s.local.peerAttributes(this.poolId, peer.uuid);
    const who = JSON.stringify([peer.uuid, peer.clientName, peer.siteName, attrs]);
    if (this.remote && this.connectedAs === who) {
      try {
        this.remote.verify();
        return this.remote;
      } catch (e) {
        this.disconnect();
        throw e;
      }
    }
    this.disconnect();
    this.remote = this.s.connector.peer(peer, attrs);
    this.connectedAs = who;
    this.s.status.forget();
    this.s.log.info('pool_replayer', `${this.label}: connected to peer ${peer.siteName} as ${peer.clientName}`);
    return this.remote;
  }

  disconnect(): void {
    this.remote?.close();
    this.remote = undefined;
    this.connectedAs = '';
  }

  /** One pass over the pool's images; true when some image has more work waiting. */
  async tick(): Promise<boolean> {
    const peer = rxPeer(this.s.local, this.poolId);
    if (!peer) return false;
    if (this.backoff.waiting()) return false;
    let remote: ReplicationEndpoint;
    let remotePoolId: number | undefined;
    try {
      remote = this.connect(peer);
      remotePoolId = remote.poolId(this.poolName);
      if (remotePoolId === undefined) return this.problem('warning', POOL_WARNING, 'remote pool does not exist');
      if (remote.mirrorMode(remotePoolId, this.namespace) === 'disabled') {
        return this.problem('warning', POOL_WARNING, 'mirroring is not enabled on the remote pool');
      }
    } catch (e) {
      this.disconnect();
      return this.problem('error', CONNECT_ERROR, (e as Error).message);
    }
    if (this.callouts.length) this.s.log.info('pool_replayer', `${this.label}: peer ${peer.siteName} reachable again`);
    this.callouts = [];
    this.lastProblem = '';
    this.backoff.succeed();

    // the images this instance replays: the leader re-spreads the known ones first (an instance
    // may have joined or died), then every instance lets go of and takes what the map says
    if (this.s.isLeader() && this.knownIds) this.s.local.mapImages(this.poolId, this.namespace, this.knownIds, this.s.gid);
    const held = this.hold();

    const localMirrorUuid = this.s.local.mirrorUuid(this.poolId, this.namespace);
    const remoteMirrorUuid = remote.mirrorUuid(remotePoolId, this.namespace);
    // Work proportional to what changed: when neither cluster changed anything replication acts
    // on since the last pass, that pass left no work and no timer is due, only the status
    // records are refreshed (one statement per side).
    const now = Date.now();
    // (before the token: announcing this site on the remote is a write the token sees)
    const remotePeerUuid = this.ping(remote, remotePoolId, localMirrorUuid);
    const clusters = `${this.s.local.changeToken(this.poolId, this.namespace)}|${remote.changeToken(remotePoolId, this.namespace)}`;
    const token = `${clusters}|${this.heldKey}`;
    const wake = Math.min(...[...this.images.values()].map((r) => r.wakeAt() ?? Infinity));
    if (token === this.lastToken && !this.lastMore && now < wake && now - this.lastPass < this.s.timing.poolRefreshMs) {
      if (now - this.lastTouch >= this.s.timing.statusRefreshMs / 2) {
        this.s.status.touch({ endpoint: this.s.local, poolId: this.poolId, namespace: this.namespace, mirrorUuid: '' }, now);
        if (localMirrorUuid) this.s.status.touch({ endpoint: remote, poolId: remotePoolId, namespace: this.namespace, mirrorUuid: localMirrorUuid }, now);
        this.lastTouch = now;
      }
      return false;
    }
    const ctx: ReplayContext = {
      local: this.s.local, remote, localPoolId: this.poolId, localPoolName: this.poolName, remotePoolId,
      namespace: this.namespace, localMirrorUuid, remoteMirrorUuid, remotePeerUuid, status: this.s.status, log: this.s.log,
      timing: this.s.timing, signal: this.s.signal,
    };

    const ids = new Set<string>();
    for (const img of this.s.local.mirroredImages(this.poolId, this.namespace)) ids.add(img.globalId);
    for (const img of remote.mirroredImages(remotePoolId, this.namespace)) ids.add(img.globalId);
    for (const [id, r] of [...this.images]) if (!ids.has(id)) { r.dispose(); this.images.delete(id); }
    this.knownIds = [...ids];
    let mine = held;
    if (this.s.isLeader()) {
      this.s.local.mapImages(this.poolId, this.namespace, this.knownIds, this.s.gid);
      mine = this.hold();
    }
    let more = false;
    for (const id of ids) {
      if (this.s.signal.aborted) break;
      if (!mine.has(id)) continue;
      let replayer = this.images.get(id);
      if (!replayer) {
        this.images.set(id, (replayer = new ImageReplayer(id, this.s.syncs)));
        replayer.manualStop = this.manualStop;
      }
      if (await replayer.step(ctx)) more = true;
    }
    // The clusters as read before this pass: whatever changed since (an operator's enable while
    // this pass was deleting a large copy, as well as this pass's own writes) earns one more
    // pass, which finds nothing new and writes nothing, so an idle pool still settles. The images
    // held are as this pass left them (it took or let go of them itself).
    this.lastToken = `${clusters}|${this.heldKey}`;
    this.lastMore = more || this.s.signal.aborted;
    this.lastPass = this.lastTouch = Date.now();
    return more;
  }

  /** Claims this instance's images in the map and stops the replayers of those it let go (no
   *  step of this pool runs meanwhile: ticks are sequential). */
  private hold(): Set<string> {
    const held = new Set(this.s.local.claimImages(this.poolId, this.namespace, this.s.gid));
    for (const [id, r] of [...this.images]) if (!held.has(id)) { r.dispose(); this.images.delete(id); }
    const key = held.size + ':' + fnv([...held].join(','));
    // images moved between instances: the records another instance wrote are rewritten, not trusted
    if (key !== this.heldKey) this.s.status.forget();
    this.heldKey = key;
    return held;
  }

  /** Registers this site on the remote pool. Returns the remote peer entry's uuid: the one the
   *  remote's primary snapshots are linked to. */
  private ping(remote: ReplicationEndpoint, remotePoolId: number, localMirrorUuid: string): string | undefined {
    if (!localMirrorUuid) return undefined;
    const site = this.s.local.siteName();
    const { uuid, added } = remote.announcePeer(remotePoolId, site, localMirrorUuid);
    if (added) this.s.log.info('pool_replayer', `${this.label}: registered tx-only peer ${site} on the remote`);
    return uuid;
  }

  // ---- admin socket (src/daemon/admin-socket/): status and control of this pool's replay ----

  get stoppedManually(): boolean {
    return this.manualStop;
  }

  /** The current rx peer (what the pool replays from), if any. */
  peer(): PeerSite | undefined {
    return rxPeer(this.s.local, this.poolId);
  }

  imageReplayers(): ImageReplayer[] {
    return [...this.images.values()];
  }

  /** `rbd mirror stop|start`: every image replayer stops (or resumes) at the next pass. */
  setManualStop(stop: boolean): void {
    this.manualStop = stop;
    for (const r of this.images.values()) r.manualStop = stop;
    this.flush();
  }

  /** The next pass looks at every image again (and rewrites their status), whatever changed. */
  flush(): void {
    this.lastToken = '';
    this.lastPass = 0;
  }
}

/** A short digest of a string (32-bit FNV-1a): what an instance holds, in the change token. */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}
