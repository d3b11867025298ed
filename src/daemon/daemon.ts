// The rbd-mirror daemon of one cluster: registers in the service map, heartbeats, runs a
// PoolReplayer for every mirrored pool/namespace that has an rx peer (several daemons share the
// images through the image map the leader keeps), executes snapshot schedules (leader only), and
// stops cleanly: stop() aborts one signal, every sleep and copy returns at once,
// the service-map row is removed so every status it wrote reads `down+...`.
import type { DaemonRegistration, EndpointConnector, PoolReport, ReplicationEndpoint } from '../backends/replication.js';
import type { Logger } from './log.js';
import { PoolReplayer, rxPeer } from './pool-replayer.js';
import { SnapshotScheduler } from './scheduler.js';
import { StatusWriter } from './status.js';
import { SyncThrottle } from './sync-throttle.js';
import { pause, type Timing } from './timing.js';

export interface DaemonOptions {
  cluster: string;
  clientId: string;
  connector: EndpointConnector;
  /** The daemon's own cluster (connected by the caller: a missing cluster is its error). */
  local: ReplicationEndpoint;
  timing: Timing;
  log: Logger;
}

export class MirrorDaemon {
  private readonly local: ReplicationEndpoint;
  private readonly registration: DaemonRegistration;
  private readonly status: StatusWriter;
  private readonly scheduler: SnapshotScheduler;
  private readonly syncs: SyncThrottle;
  private readonly pools = new Map<string, PoolReplayer>();
  private readonly abort = new AbortController();
  private leader = false;
  private heartbeat?: NodeJS.Timeout;
  private loopDone?: Promise<void>;
  private lastReport = '';
  private poolsReadAt = 0;
  /** Stopped from the admin socket: pools found later start stopped too. */
  private manualStop = false;
  /** Resolved at the end of the next pass of the loop (`rbd mirror flush` waits for it). */
  private passWaiters: (() => void)[] = [];

  constructor(private readonly o: DaemonOptions) {
    this.local = o.local;
    this.registration = this.local.registerDaemon(o.clientId);
    this.status = new StatusWriter(this.registration.gid, o.timing.statusRefreshMs);
    this.scheduler = new SnapshotScheduler(this.local, o.log);
    this.syncs = new SyncThrottle(() => o.timing.concurrentImageSyncs);
    o.log.info('main', `registered as rbd-mirror service ${this.registration.gid} (client.${o.clientId}) on cluster ${o.cluster}`);
  }

  get gid(): number {
    return this.registration.gid;
  }

  start(): void {
    this.heartbeat = setInterval(() => this.beat(), this.o.timing.heartbeatMs);
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loopDone;
    for (const done of this.passWaiters.splice(0)) done();
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const p of this.pools.values()) p.disconnect();
    this.local.unregisterDaemon(this.registration.gid);
    this.local.close();
    this.o.log.info('main', 'stopped');
  }

  private report(): PoolReport {
    const report: PoolReport = {};
    for (const p of this.pools.values()) {
      const entry = (report[String(p.poolId)] ??= { leader: this.leader, callouts: [] });
      entry.callouts.push(...p.callouts);
    }
    return report;
  }

  /** Beats at once when what the service map shows changed (a new pool, a callout). */
  private beatIfChanged(): void {
    if (JSON.stringify(this.report()) !== this.lastReport) this.beat();
  }

  private beat(): void {
    if (this.abort.signal.aborted) return;
    try {
      this.leader = this.local.isLeader(this.registration.gid);
      const report = this.report();
      this.local.heartbeat(this.registration, this.o.clientId, report);
      this.lastReport = JSON.stringify(report);
    } catch (e) {
      this.o.log.error('main', `heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** The pools/namespaces to replicate: mirroring enabled and an rx peer configured. */
  private refreshPools(): void {
    const wanted = new Set<string>();
    for (const r of this.local.mirroredPools()) {
      if (!rxPeer(this.local, r.poolId)) continue;
      const key = `${r.poolId}/${r.namespace}`;
      wanted.add(key);
      if (!this.pools.has(key)) {
        this.pools.set(key, new PoolReplayer({
          local: this.local, connector: this.o.connector, status: this.status, log: this.o.log, timing: this.o.timing,
          syncs: this.syncs, signal: this.abort.signal, gid: this.registration.gid, isLeader: () => this.leader,
        }, r.poolId, r.pool, r.namespace));
        this.o.log.info('main', `starting pool replayer for ${r.namespace ? `${r.pool}/${r.namespace}` : r.pool}`);
        if (this.manualStop) this.pools.get(key)!.setManualStop(true);
      }
    }
    for (const [key, p] of this.pools) {
      if (wanted.has(key)) continue;
      // the pool was deleted (`ceph osd pool delete`), its mirroring disabled or its rx peer removed
      p.disconnect();
      this.pools.delete(key);
      this.o.log.info('main', `stopping pool replayer for ${p.label}`);
    }
    this.poolsReadAt = Date.now();
  }

  private async loop(): Promise<void> {
    const { signal } = this.abort;
    let pollFailing = false;
    while (!signal.aborted) {
      let more = false;
      try {
        // (pools are cheap to read; the refresh interval bounds how stale a rarely polled list gets)
        if (Date.now() - this.poolsReadAt >= Math.min(this.o.timing.poolRefreshMs, this.o.timing.pollMs)) this.refreshPools();
        this.beatIfChanged();
        // every instance replays the images the leader's image map gives it
        this.leader = this.local.isLeader(this.registration.gid);
        for (const p of this.pools.values()) {
          if (signal.aborted) break;
          if (await p.tick()) more = true;
        }
        this.beatIfChanged();
        if (this.leader && !signal.aborted) await this.scheduler.tick();
        if (pollFailing) this.o.log.info('main', 'poll recovered');
        pollFailing = false;
      } catch (e) {
        // one line per change of state, not one per poll
        if (!pollFailing) this.o.log.error('main', `poll failed: ${(e as Error).message}`);
        pollFailing = true;
      }
      for (const done of this.passWaiters.splice(0)) done();
      if (signal.aborted) break;
      await pause(more ? 0 : this.o.timing.pollMs, signal);
    }
  }

  // ---- admin socket (src/daemon/admin-socket/): what it shows and controls ----

  get isLeader(): boolean {
    return this.leader;
  }

  get stoppedManually(): boolean {
    return this.manualStop;
  }

  poolReplayers(): PoolReplayer[] {
    return [...this.pools.values()];
  }

  syncSlots(): { max: number; running: number; waiting: number } {
    return this.syncs.counts();
  }

  /** `rbd mirror stop|start` of the whole daemon. */
  setManualStop(stop: boolean): void {
    this.manualStop = stop;
    for (const p of this.pools.values()) p.setManualStop(stop);
  }

  /** Resolves once the loop has made one more pass (at once when the daemon is stopping). */
  nextPass(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => this.passWaiters.push(resolve));
  }
}
