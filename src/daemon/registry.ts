// The daemon's entry in its cluster's service map (`mirror_daemons`, contract at the top of
// backends/local/mirror-status.ts): registered at start, refreshed by the heartbeat, removed on a
// clean stop. Several daemons on one cluster elect a leader per cluster: the lowest live gid.
import { hostname } from 'node:os';
import type { LocalStore } from '../backends/local/store.js';
import { isDaemonUp } from '../backends/local/liveness.js';

export const DAEMON_VERSION = '16.2.15';

export type Callout = { level: 'warning' | 'error'; text: string };
export type PoolReport = Record<string, { leader: boolean; callouts: Callout[] }>;

interface Row { gid: number; pid: number | null; hostname: string; heartbeat: number }

/** True when pid is not a running process on this host (a SIGKILLed daemon's row). */
function deadHere(row: Row, host: string): boolean {
  if (row.hostname !== host || row.pid === null) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export class DaemonRegistry {
  readonly gid: number;
  readonly instanceId: string;
  private readonly host = hostname();

  constructor(private readonly store: LocalStore, readonly clientId: string) {
    const now = Date.now();
    this.gid = store.tx(() => {
      this.reapDead();
      const next = (store.db.prepare('SELECT COALESCE(MAX(gid), 4100) + 1 AS g FROM mirror_daemons').get() as { g: number }).g;
      store.db.prepare(`INSERT INTO mirror_daemons (gid, instance_id, client_id, hostname, version, pid, started, heartbeat, pools)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}')`).run(next, String(next + 31), clientId, this.host, DAEMON_VERSION, process.pid, now, now);
      return next;
    });
    this.instanceId = String(this.gid + 31);
  }

  /** Rows of daemons that died on this host without cleaning up: removed at once. */
  private reapDead(): void {
    const rows = this.store.db.prepare('SELECT gid, pid, hostname, heartbeat FROM mirror_daemons').all() as Row[];
    for (const r of rows) {
      if (deadHere(r, this.host)) this.store.db.prepare('DELETE FROM mirror_daemons WHERE gid = ?').run(r.gid);
    }
  }

  beat(pools: PoolReport): void {
    this.store.tx(() => {
      const res = this.store.db.prepare('UPDATE mirror_daemons SET heartbeat = ?, pools = ? WHERE gid = ?')
        .run(Date.now(), JSON.stringify(pools), this.gid);
      // Removed behind our back (a cleanup tool): register again under the same gid.
      if (res.changes === 0) {
        this.store.db.prepare(`INSERT INTO mirror_daemons (gid, instance_id, client_id, hostname, version, pid, started, heartbeat, pools)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(this.gid, this.instanceId, this.clientId, this.host, DAEMON_VERSION,
          process.pid, Date.now(), Date.now(), JSON.stringify(pools));
      }
    });
  }

  /** The leader is the live daemon with the lowest gid; the others stand by. */
  isLeader(): boolean {
    const now = Date.now();
    const rows = this.store.db.prepare('SELECT gid, pid, hostname, heartbeat FROM mirror_daemons ORDER BY gid').all() as Row[];
    const live = rows.filter((r) => r.gid === this.gid || (isDaemonUp(r.heartbeat, now) && !deadHere(r, this.host)));
    return live[0]?.gid === this.gid;
  }

  unregister(): void {
    try {
      this.store.tx(() => this.store.db.prepare('DELETE FROM mirror_daemons WHERE gid = ?').run(this.gid));
    } catch { /* the store may already be gone */ }
  }
}
