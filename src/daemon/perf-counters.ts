// The daemon's performance counters, as Ceph's rbd-mirror keeps them (one process-wide set,
// like its g_perf_counters): `perf dump` and `perf schema` on the admin socket print them.
// Sections and names follow Ceph's rbd_mirror (journal replay) and rbd_mirror_snapshot
// (snapshot syncs) loggers; times are seconds.

interface Average { avgcount: number; sum: number }

export class PerfCounters {
  private replay = 0;
  private replayBytes = 0;
  private readonly replayLatency: Average = { avgcount: 0, sum: 0 };
  private snapshots = 0;
  private snapshotBytes = 0;
  private readonly syncTime: Average = { avgcount: 0, sum: 0 };

  /** Journal entries applied to a non-primary image (one batch). */
  journalReplayed(entries: number, bytes: number, seconds: number): void {
    this.replay += entries;
    this.replayBytes += bytes;
    this.replayLatency.avgcount += entries;
    this.replayLatency.sum += seconds;
  }

  /** One mirror snapshot copied completely. */
  snapshotSynced(bytes: number, seconds: number): void {
    this.snapshots++;
    this.snapshotBytes += bytes;
    this.syncTime.avgcount++;
    this.syncTime.sum += seconds;
  }

  dump(): Record<string, Record<string, unknown>> {
    const avg = (a: Average) => ({ avgcount: a.avgcount, sum: a.sum, avgtime: a.avgcount ? a.sum / a.avgcount : 0 });
    return {
      rbd_mirror: { replay: this.replay, replay_bytes: this.replayBytes, replay_latency: avg(this.replayLatency) },
      rbd_mirror_snapshot: { snapshots: this.snapshots, sync_time: avg(this.syncTime), sync_bytes: this.snapshotBytes },
    };
  }

  /** Ceph's `perf schema`: type bits (2 = u64, 1 = time, 4 = long-running average, 8 = counter). */
  schema(): Record<string, Record<string, unknown>> {
    const c = (description: string, nick: string, type: number, unit: 'none' | 'bytes' = 'none') =>
      ({ type, metric_type: type & 8 ? 'counter' : 'gauge', value_type: type & 1 ? 'real' : 'integer', description, nick, priority: 5, units: unit });
    return {
      rbd_mirror: {
        replay: c('Replays', 'r', 10),
        replay_bytes: c('Replayed data', 'rb', 10, 'bytes'),
        replay_latency: c('Replay latency', 'rl', 5),
      },
      rbd_mirror_snapshot: {
        snapshots: c('Snapshots', 's', 10),
        sync_time: c('Sync time', 'sl', 5),
        sync_bytes: c('Sync bytes', 'sb', 10, 'bytes'),
      },
    };
  }
}

/** The process's counters (one daemon per process). */
export const perfCounters = new PerfCounters();
