// Two local sites peered rx-tx with a daemon each, driven only through the built binaries
// (`rbd`, `rbd-mirror`); plus the one fault the CLI cannot cause: another process holding a
// site's store busy (a write transaction left open), which is how the primary's commit of a
// journal position can be made to wait (and fail) on the local backend.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { peerTwoSites, startDaemon, type DaemonHandle } from '../daemon.js';
import { ok, rbdIn, tempHome, type RunResult } from '../rbd.js';
import type { Site } from './model.js';

export const POOL = 'image-pool';
export const SITES: readonly Site[] = ['site-a', 'site-b'];

export interface Counters { sigkills: number; restarts: number; rbdCalls: number; exports: number }

export class World {
  readonly home = tempHome('rbdm-model-');
  readonly counters: Counters = { sigkills: 0, restarts: 0, rbdCalls: 0, exports: 0 };
  private daemons = new Map<Site, DaemonHandle>();
  /** Logs of daemons that have exited (killed ones included), for a failure report. */
  private pastLogs: string[] = [];
  private exportSeq = 0;

  async setUp(): Promise<void> {
    await peerTwoSites(this.home);
    for (const s of SITES) this.start(s);
  }

  spec(image: string, snap?: string): string {
    return `${POOL}/${image}${snap ? `@${snap}` : ''}`;
  }

  /** `rbd --cluster <site> ...`, exit 0 required; stdout. */
  rbd(site: Site, ...args: string[]): Promise<string> {
    this.counters.rbdCalls++;
    return ok(this.home, ['--cluster', site, ...args]);
  }

  /** Any exit status. */
  run(site: Site, ...args: string[]): Promise<RunResult> {
    this.counters.rbdCalls++;
    return rbdIn(this.home, ['--cluster', site, ...args]);
  }

  async json<T = any>(site: Site, ...args: string[]): Promise<T> {
    return JSON.parse(await this.rbd(site, ...args, '--format', 'json')) as T;
  }

  /** The bytes of `rbd export` of an image or snapshot. */
  async exportBytes(site: Site, image: string, snap?: string): Promise<Buffer> {
    const file = join(this.home, `export-${this.exportSeq++}.raw`);
    this.counters.exports++;
    await this.rbd(site, 'export', '--no-progress', this.spec(image, snap), file);
    const data = readFileSync(file);
    rmSync(file);
    return data;
  }

  isUp(site: Site): boolean {
    const d = this.daemons.get(site);
    return !!d && d.child.exitCode === null && d.child.signalCode === null;
  }

  start(site: Site): void {
    if (this.isUp(site)) return;
    const old = this.daemons.get(site);
    if (old) {
      this.pastLogs.push(`--- ${site} daemon (exited ${old.child.exitCode ?? old.child.signalCode}) ---\n${tail(old.log(), 60)}`);
      if (this.pastLogs.length > 4) this.pastLogs.shift();
    }
    this.daemons.set(site, startDaemon(this.home, site));
  }

  async kill(site: Site): Promise<boolean> {
    const d = this.daemons.get(site);
    if (!d || !this.isUp(site)) return false;
    await d.kill();
    this.counters.sigkills++;
    return true;
  }

  async restart(site: Site): Promise<void> {
    if (this.isUp(site)) return;
    this.start(site);
    this.counters.restarts++;
  }

  /** Daemons that died on their own (not by our SIGKILL) are a finding: say so, then restart. */
  reviveCrashed(): string[] {
    const crashed: string[] = [];
    for (const s of SITES) {
      const d = this.daemons.get(s);
      if (d && !this.isUp(s) && d.child.signalCode !== 'SIGKILL') {
        crashed.push(`${s} daemon exited by itself (${d.child.exitCode ?? d.child.signalCode}); log tail:\n${tail(d.log(), 20)}`);
      }
      if (!this.isUp(s)) this.start(s);
    }
    return crashed;
  }

  /** Opens a write transaction on a site's store and keeps it open until the returned release
   *  is called: every other writer of that store waits on its busy timeout meanwhile. */
  holdStore(site: Site): () => void {
    const db = new Database(join(this.home, site, 'cluster.db'), { fileMustExist: true });
    db.pragma('busy_timeout = 30000');
    db.exec('BEGIN IMMEDIATE');
    return () => {
      if (!db.open) return;
      db.exec('ROLLBACK');
      db.close();
    };
  }

  daemonLogs(lines = 40): string {
    const live = SITES.map((s) => `--- ${s} daemon (running: ${this.isUp(s)}) ---\n${tail(this.daemons.get(s)?.log() ?? '', lines)}`);
    return [...this.pastLogs.slice(-2).map((l) => tail(l, lines)), ...live].join('\n');
  }

  async tearDown(keep = false): Promise<void> {
    await Promise.all([...this.daemons.values()].map((d) => d.kill()));
    if (!keep) rmSync(this.home, { recursive: true, force: true });
  }
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines - 1).join('\n');
}
