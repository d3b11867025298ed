// Mirror snapshot schedules, executed by the daemon in place of the mgr module rbd_support: each
// primary snapshot-mode image gets a mirror snapshot at the times of the most specific schedule
// that applies (domain/schedule-time.ts, the same functions `schedule status` uses).
import type { ReplicationEndpoint } from '../backends/replication.js';
import { effectiveSchedule, nextSnapshotTime } from '../rules/schedule-time.js';
import type { Logger } from './log.js';

export class SnapshotScheduler {
  private readonly due = new Map<string, { time: number; key: string }>();

  constructor(private readonly cluster: ReplicationEndpoint, private readonly log: Logger) {}

  async tick(now = Date.now()): Promise<void> {
    const entries = await this.cluster.snapshotSchedules();
    if (entries.length === 0) { this.due.clear(); return; }
    const seen = new Set<string>();
    for (const img of this.cluster.scheduledCandidates()) {
      const items = effectiveSchedule(entries, img);
      if (!items) continue;
      seen.add(img.imageId);
      const key = JSON.stringify(items);
      const entry = this.due.get(img.imageId);
      if (!entry || entry.key !== key) {
        const time = nextSnapshotTime(items, now);
        if (time !== undefined) this.due.set(img.imageId, { time, key });
        continue;
      }
      if (now < entry.time) continue;
      const spec = `${img.pool}/${img.namespace ? img.namespace + '/' : ''}${img.image}`;
      try {
        const snapId = this.cluster.createScheduledSnapshot(img);
        this.log.info('scheduler', `created mirror snapshot ${snapId} of ${spec}`);
      } catch (e) {
        this.log.error('scheduler', `mirror snapshot of ${spec} failed: ${(e as Error).message}`);
      }
      const time = nextSnapshotTime(items, now);
      if (time === undefined) this.due.delete(img.imageId);
      else this.due.set(img.imageId, { time, key });
    }
    for (const id of [...this.due.keys()]) if (!seen.has(id)) this.due.delete(id);
  }
}
