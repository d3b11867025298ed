// When an rbd-mirror daemon counts as alive. On Ceph that is the daemon's watch on the pool's
// rbd_mirroring object (status records) and its service-map beacon (daemon list). The local
// backend has neither: a daemon proves it is alive by refreshing `mirror_daemons.heartbeat`.

/** A heartbeat older than this marks the daemon (and every status record it wrote) as down.
 *  Fifteen of the daemon's 1 s beats, so late beats under load do not flap every image to
 *  `down+...`. */
export const DAEMON_HEARTBEAT_WINDOW_MS = 15_000;

/** True while the heartbeat (unix ms) is at most DAEMON_HEARTBEAT_WINDOW_MS old. A heartbeat
 *  slightly in the future (clock skew between processes) counts as fresh. */
export function isDaemonUp(heartbeatMs: number, nowMs: number): boolean {
  return nowMs - heartbeatMs <= DAEMON_HEARTBEAT_WINDOW_MS;
}

/** How long a late heartbeat is forgiven when the daemon's process is seen running on this host:
 *  a loaded machine (or a store busy up to its 15 s timeout) can delay a beat well past the window,
 *  and an alive daemon must not read as `down` for that. A hung daemon still reads down after it. */
export const DAEMON_STALL_WINDOW_MS = 4 * DAEMON_HEARTBEAT_WINDOW_MS;

/** Liveness of a daemon row as rbd reads it: a fresh heartbeat, or a late one (up to
 *  DAEMON_STALL_WINDOW_MS) from a process that is running here. */
export function isDaemonRowUp(row: { heartbeat: number; hostname: string; pid: number | null }, nowMs: number, host: string): boolean {
  if (isDaemonUp(row.heartbeat, nowMs)) return true;
  return nowMs - row.heartbeat <= DAEMON_STALL_WINDOW_MS && row.hostname === host && row.pid !== null && processRuns(row.pid);
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // running, owned by someone else
  }
}
