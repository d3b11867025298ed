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
