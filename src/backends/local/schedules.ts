// Snapshot schedules (what the mgr module rbd_support keeps on Ceph). Levels are stored by ids,
// as Ceph does, so renaming an image keeps its schedule: '' global, '<pool_id>/' pool,
// '<pool_id>/<ns>/' namespace, '<pool_id>/<ns>/<image_id>' image ('<pool_id>//<id>' in the
// default namespace). Levels whose pool or image no longer exists are not listed.
import type { ScheduleApi } from '../backend.js';
import type { ScheduledImage, ScheduleEntry, ScheduleItem, ScheduleLevel } from '../types.js';
import { effectiveSchedule, nextSnapshotTime } from '../../rules/schedule-time.js';
import { Errno, RbdError } from '../../errors.js';
import type { LocalCore } from './core.js';

interface ScheduleRow { level: string; interval: string; start_time: string }

const LEVEL_ID = /^(?:(\d+)\/(?:([^/]*)\/(.*))?)?$/;

export function scheduleApi(core: LocalCore): ScheduleApi {
  /** The stored id of a level; ENOENT when its pool, namespace or image does not exist. */
  function levelId(level: ScheduleLevel): string {
    if (level.pool === undefined) return '';
    const { store } = core;
    const namespace = level.namespace ?? '';
    const poolId = store.poolRefId({ pool: level.pool, namespace });
    if (level.image === undefined) return level.namespace === undefined ? `${poolId}/` : `${poolId}/${namespace}/`;
    const row = store.db.prepare('SELECT id FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
      .get(poolId, namespace, level.image) as { id: string } | undefined;
    if (!row) throw new RbdError(Errno.ENOENT, `image ${level.image} does not exist`);
    return `${poolId}/${namespace}/${row.id}`;
  }

  /** The level of a stored id by current names; undefined when it no longer resolves. */
  function levelOf(id: string, poolNames: Map<number, string>): ScheduleLevel | undefined {
    const m = LEVEL_ID.exec(id);
    if (!m) return undefined;
    if (m[1] === undefined) return {};
    const pool = poolNames.get(Number(m[1]));
    if (pool === undefined) return undefined;
    if (m[2] === undefined) return { pool };
    if (m[3] === '') return { pool, namespace: m[2] };
    const image = core.store.db.prepare('SELECT name FROM images WHERE id = ? AND pool_id = ? AND namespace = ?')
      .get(m[3], Number(m[1]), m[2]) as { name: string } | undefined;
    return image ? { pool, namespace: m[2], image: image.name } : undefined;
  }

  function list(): ScheduleEntry[] {
    const { db } = core.store;
    // Newest item first: the order the recorded mgr happened to print its (unordered) sets in.
    const rows = db.prepare('SELECT level, interval, start_time FROM schedules ORDER BY level, seq DESC').all() as ScheduleRow[];
    if (rows.length === 0) return [];
    const poolNames = new Map((db.prepare('SELECT id, name FROM pools').all() as { id: number; name: string }[]).map((p) => [p.id, p.name]));
    const entries: ScheduleEntry[] = [];
    let current: { id: string; entry?: ScheduleEntry } | undefined;
    for (const r of rows) {
      if (current?.id !== r.level) {
        const level = levelOf(r.level, poolNames);
        current = { id: r.level, entry: level ? { level, items: [] } : undefined };
        if (current.entry) entries.push(current.entry);
      }
      current.entry?.items.push({ interval: r.interval, startTime: r.start_time === '' ? null : r.start_time });
    }
    return entries;
  }

  return {
    scheduleAdd: async (level: ScheduleLevel, item: ScheduleItem) => {
      const { store } = core;
      store.tx(() => {
        const id = levelId(level);
        store.db.prepare(`INSERT OR IGNORE INTO schedules (level, interval, start_time, seq)
          VALUES (?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM schedules))`).run(id, item.interval, item.startTime ?? '');
      });
    },

    scheduleRemove: async (level: ScheduleLevel, item?: ScheduleItem) => {
      const { store } = core;
      store.tx(() => {
        const id = levelId(level);
        if (item) {
          store.db.prepare('DELETE FROM schedules WHERE level = ? AND interval = ? AND start_time = ?').run(id, item.interval, item.startTime ?? '');
        } else {
          store.db.prepare('DELETE FROM schedules WHERE level = ?').run(id);
        }
      });
    },

    scheduleList: async () => list(),

    // Every enabled primary snapshot-mode image with a schedule, earliest first.
    scheduleStatus: async (): Promise<ScheduledImage[]> => {
      const entries = list();
      if (entries.length === 0) return [];
      const images = core.store.db.prepare(`SELECT p.name AS pool, i.namespace, i.name AS image
        FROM images i JOIN mirror_images m ON m.image_id = i.id JOIN pools p ON p.id = i.pool_id
        WHERE m.mode = 1 AND m.state = 1 AND m.promotion = 'primary'`).all() as { pool: string; namespace: string; image: string }[];
      const now = Date.now();
      const out: ScheduledImage[] = [];
      for (const img of images) {
        const items = effectiveSchedule(entries, img);
        const t = items && nextSnapshotTime(items, now);
        if (t !== undefined) out.push({ scheduleTime: t, image: img.namespace ? `${img.pool}/${img.namespace}/${img.image}` : `${img.pool}/${img.image}` });
      }
      return out.sort((a, b) => a.scheduleTime - b.scheduleTime || (a.image < b.image ? -1 : a.image > b.image ? 1 : 0));
    },
  };
}
