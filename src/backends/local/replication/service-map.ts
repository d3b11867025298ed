// The daemon's entry in its cluster's service map (`mirror_daemons`, contract at the top of
// ../mirror-status.ts): registered at start, refreshed by the heartbeat, removed on a clean stop.
// Several daemons on one cluster elect a leader: the lowest live gid.
import { hostname } from 'node:os';
import type { DaemonRegistration, PoolReport } from '../../replication.js';
import { isDaemonUp } from '../liveness.js';
import type { LocalStore } from '../store.js';

export const DAEMON_VERSION = '16.2.15';

interface Row { gid: number; pid: number | null; hostname: string; heartbeat: number }

const HOST = hostname();

/** True when pid is not a running process on this host (a SIGKILLed daemon's row). */
function deadHere(row: Row): boolean {
  if (row.hostname !== HOST || row.pid === null) return false;
  try {
    process.kill(row.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function insert(store: LocalStore, reg: DaemonRegistration, clientId: string, pools: PoolReport): void {
  const now = Date.now();
  store.db.prepare(`INSERT INTO mirror_daemons (gid, instance_id, client_id, hostname, version, pid, started, heartbeat, pools)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(reg.gid, reg.instanceId, clientId, HOST, DAEMON_VERSION, process.pid, now, now, JSON.stringify(pools));
}

export function registerDaemon(store: LocalStore, clientId: string): DaemonRegistration {
  return store.tx(() => {
    // rows of daemons that died on this host without cleaning up go at once
    for (const r of store.db.prepare('SELECT gid, pid, hostname, heartbeat FROM mirror_daemons').all() as Row[]) {
      if (deadHere(r)) store.db.prepare('DELETE FROM mirror_daemons WHERE gid = ?').run(r.gid);
    }
    const gid = (store.db.prepare('SELECT COALESCE(MAX(gid), 4100) + 1 AS g FROM mirror_daemons').get() as { g: number }).g;
    const reg = { gid, instanceId: String(gid + 31) };
    insert(store, reg, clientId, {});
    return reg;
  });
}

export function heartbeat(store: LocalStore, reg: DaemonRegistration, clientId: string, pools: PoolReport): void {
  store.tx(() => {
    const res = store.db.prepare('UPDATE mirror_daemons SET heartbeat = ?, pools = ? WHERE gid = ?')
      .run(Date.now(), JSON.stringify(pools), reg.gid);
    // removed behind our back (a cleanup tool): register again under the same gid
    if (res.changes === 0) insert(store, reg, clientId, pools);
  });
}

/** The daemons that count as running (fresh heartbeat, process not gone here), by gid; `self`
 *  always counts. With their reported pools. */
export function liveDaemons(store: LocalStore, self?: number): Array<{ gid: number; pools: PoolReport }> {
  const now = Date.now();
  const rows = store.db.prepare('SELECT gid, pid, hostname, heartbeat, pools FROM mirror_daemons ORDER BY gid').all() as Array<Row & { pools: string }>;
  return rows.filter((r) => r.gid === self || (isDaemonUp(r.heartbeat, now) && !deadHere(r)))
    .map((r) => ({ gid: r.gid, pools: JSON.parse(r.pools) as PoolReport }));
}

export function isLeader(store: LocalStore, gid: number): boolean {
  return liveDaemons(store, gid)[0]?.gid === gid;
}

export function unregisterDaemon(store: LocalStore, gid: number): void {
  try {
    store.tx(() => store.db.prepare('DELETE FROM mirror_daemons WHERE gid = ?').run(gid));
  } catch { /* the store may already be gone */ }
}
