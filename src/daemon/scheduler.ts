// Mirror snapshot schedules, executed by the daemon in place of the mgr module rbd_support: each
// primary snapshot-mode image gets a mirror snapshot at the times of the most specific schedule
// that applies (domain/schedule-time.ts, the same functions `schedule status` uses).
import type { LocalCore } from '../backends/local/core.js';
import { createPrimaryMirrorSnapshot } from '../backends/local/mirror-snapshots.js';
import { scheduleApi } from '../backends/local/schedules.js';
import { effectiveSchedule, nextSnapshotTime } from '../rules/schedule-time.js';
import type { Logger } from './log.js';

interface Candidate { id: string; pool_id: number; pool: string; namespace: string; image: string; global_id: string }

export class SnapshotScheduler {
  private readonly due = new Map<string, { time: number; key: string }>();

  constructor(private readonly core: LocalCore, private readonly log: Logger) {}

  async tick(now = Date.now()): Promise<void> {
    const entries = await scheduleApi(this.core).scheduleList();
    if (entries.length === 0) { this.due.clear(); return; }
    const images = this.core.store.db.prepare(`SELECT i.id, i.pool_id, p.name AS pool, i.namespace, i.name AS image, m.global_id
      FROM images i JOIN mirror_images m ON m.image_id = i.id JOIN pools p ON p.id = i.pool_id
      WHERE m.mode = 1 AND m.state = 1 AND m.promotion = 'primary'`).all() as Candidate[];
    const seen = new Set<string>();
    for (const img of images) {
      const items = effectiveSchedule(entries, img);
      if (!items) continue;
      seen.add(img.id);
      const key = JSON.stringify(items);
      const entry = this.due.get(img.id);
      if (!entry || entry.key !== key) {
        const time = nextSnapshotTime(items, now);
        if (time !== undefined) this.due.set(img.id, { time, key });
        continue;
      }
      if (now < entry.time) continue;
      try {
        const snapId = this.core.store.tx(() =>
          createPrimaryMirrorSnapshot(this.core, { imageId: img.id, poolId: img.pool_id, globalId: img.global_id }, { requirePeers: true }));
        this.log.info('scheduler', `created mirror snapshot ${snapId} of ${img.pool}/${img.namespace ? img.namespace + '/' : ''}${img.image}`);
      } catch (e) {
        this.log.error('scheduler', `mirror snapshot of ${img.pool}/${img.image} failed: ${(e as Error).message}`);
      }
      const time = nextSnapshotTime(items, now);
      if (time === undefined) this.due.delete(img.id);
      else this.due.set(img.id, { time, key });
    }
    for (const id of [...this.due.keys()]) if (!seen.has(id)) this.due.delete(id);
  }
}
