// The daemon's performance counters, as Ceph's rbd-mirror keeps them (one process-wide set,
// like its g_perf_counters): `perf dump` and `perf schema` on the admin socket print them.
// Sections and names follow Ceph's rbd_mirror (journal replay) and rbd_mirror_snapshot
// (snapshot syncs) loggers, as a Pacific rbd-mirror's `perf dump` shows them; times are seconds.

interface Average { avgcount: number; sum: number }

/** A time in seconds, which Ceph's formatter prints with 9 decimals (`0.000000000`). */
export class Seconds {
  constructor(readonly value: number) {}
  toJSON(): string {
    return `\u0000${this.value.toFixed(9)}\u0000`;
  }
}

/** JSON with Seconds as bare numbers of 9 decimals (pretty: 4-space indent, as Ceph's). */
export function perfJson(value: unknown, pretty: boolean): string {
  return JSON.stringify(value, null, pretty ? 4 : undefined).replace(/"\\u0000([0-9.]+)\\u0000"/g, '$1');
}

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
    const avg = (a: Average) => ({ avgcount: a.avgcount, sum: new Seconds(a.sum), avgtime: new Seconds(a.avgcount ? a.sum / a.avgcount : 0) });
    return {
      rbd_mirror: { replay: this.replay, replay_bytes: this.replayBytes, replay_latency: avg(this.replayLatency) },
      rbd_mirror_snapshot: { snapshots: this.snapshots, snapshots_time: avg(this.syncTime), replay_bytes: this.snapshotBytes },
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
        snapshots_time: c('Snapshots time', 'sl', 5),
        replay_bytes: c('Replayed data', 'rb', 10, 'bytes'),
      },
    };
  }
}

/** The process's counters (one daemon per process). */
export const perfCounters = new PerfCounters();
