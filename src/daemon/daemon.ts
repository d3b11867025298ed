// The rbd-mirror daemon of one local cluster: registers in the service map, heartbeats, runs a
// PoolReplayer for every mirrored pool/namespace that has an rx peer, executes snapshot
// schedules, and stops cleanly (replayers finish their current object, the service-map row is
// removed so every status it wrote reads `down+...`).
import { LocalCore } from '../backends/local/core.js';
import { clusterDir } from '../backends/local/store.js';
import type { Logger } from './log.js';
import { PoolReplayer, rxPeer } from './pool-replayer.js';
import { DaemonRegistry, type PoolReport } from './registry.js';
import { SnapshotScheduler } from './scheduler.js';
import { StatusWriter } from './status.js';
import { sleep, type Timing } from './timing.js';

export interface DaemonOptions {
  cluster: string;
  clientId: string;
  configOverrides: Record<string, string>;
  env: NodeJS.ProcessEnv;
  timing: Timing;
  log: Logger;
}

export class MirrorDaemon {
  private core?: LocalCore;
  private registry?: DaemonRegistry;
  private status?: StatusWriter;
  private scheduler?: SnapshotScheduler;
  private readonly pools = new Map<string, PoolReplayer>();
  private stopping = false;
  private leader = false;
  private heartbeat?: NodeJS.Timeout;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  private lastReport = '';

  constructor(private readonly o: DaemonOptions) {}

  start(): void {
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const p of this.pools.values()) p.disconnect();
    this.registry?.unregister();
    this.core?.close();
    this.o.log.info('main', 'stopped');
  }

  /** Opens the local cluster; retried until it exists (`unable to connect to local cluster`). */
  private connectLocal(): boolean {
    if (this.core) return true;
    const core = new LocalCore({ cluster: this.o.cluster, id: this.o.clientId, configOverrides: this.o.configOverrides }, this.o.env);
    try {
      void core.store;
    } catch (e) {
      this.o.log.error('main', `unable to connect to local cluster ${this.o.cluster} at ${clusterDir(this.o.cluster, this.o.env)}: ${(e as Error).message}`);
      return false;
    }
    this.core = core;
    this.registry = new DaemonRegistry(core.store, this.o.clientId);
    this.status = new StatusWriter(this.registry.gid, this.o.timing.statusRefreshMs);
    this.scheduler = new SnapshotScheduler(core, this.o.log);
    this.o.log.info('main', `registered as rbd-mirror service ${this.registry.gid} (client.${this.o.clientId}) on cluster ${this.o.cluster}`);
    this.heartbeat = setInterval(() => this.beat(), this.o.timing.heartbeatMs);
    return true;
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
    if (!this.registry || this.stopping) return;
    try {
      this.leader = this.registry.isLeader();
      const report = this.report();
      this.registry.beat(report);
      this.lastReport = JSON.stringify(report);
    } catch (e) {
      this.o.log.error('main', `heartbeat failed: ${(e as Error).message}`);
    }
  }

  /** The pools/namespaces to replicate: mirroring enabled and an rx peer configured. */
  private refreshPools(core: LocalCore): void {
    const rows = core.store.db.prepare(`SELECT c.pool_id, p.name, c.namespace FROM mirror_config c JOIN pools p ON p.id = c.pool_id
      WHERE c.mode != 0 ORDER BY p.name, c.namespace`).all() as { pool_id: number; name: string; namespace: string }[];
    const wanted = new Set<string>();
    for (const r of rows) {
      if (!rxPeer(core, r.pool_id)) continue;
      const key = `${r.pool_id}/${r.namespace}`;
      wanted.add(key);
      if (!this.pools.has(key)) {
        this.pools.set(key, new PoolReplayer({
          local: core, status: this.status!, log: this.o.log, timing: this.o.timing, env: this.o.env, stopping: () => this.stopping,
        }, r.pool_id, r.name, r.namespace));
        this.o.log.info('main', `starting pool replayer for ${r.namespace ? `${r.name}/${r.namespace}` : r.name}`);
      }
    }
    for (const [key, p] of this.pools) {
      if (!wanted.has(key)) { p.disconnect(); this.pools.delete(key); }
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let more = false;
      try {
        if (this.connectLocal()) {
          const core = this.core!;
          this.refreshPools(core);
          this.beatIfChanged();
          if (this.leader || this.registry!.isLeader()) {
            this.leader = true;
            for (const p of this.pools.values()) {
              if (this.stopping) break;
              if (await p.tick()) more = true;
            }
            this.beatIfChanged();
            if (!this.stopping) await this.scheduler!.tick();
          }
        }
      } catch (e) {
        this.o.log.error('main', `poll failed: ${(e as Error).stack ?? (e as Error).message}`);
      }
      if (this.stopping) break;
      if (more) await new Promise<void>((r) => setImmediate(r));
      else await Promise.race([sleep(this.o.timing.pollMs), new Promise<void>((r) => { this.wake = r; })]);
    }
  }
}
