// The image life cycle on the store: rename, the pool trash, image-meta and the lockers list,
// with librbd's rules (Operations::rename, api::Trash, Operations::metadata_set, list_lockers).
// Every mutation is one transaction that checks everything before it writes.
import { hostname } from 'node:os';
import { Errno, RbdError } from '../../errors.js';
import type { ImageLifecycleApi } from '../backend.js';
import { FEATURES, TRASH_SOURCES, type ImageLocks, type ImageRef, type PoolRef, type TrashEntry } from '../types.js';
import { checkImageMetaValue } from './image-config.js';
import type { LocalCore } from './core.js';
import { appendJournalEntry } from './journal.js';
import { isDaemonRowUp } from './liveness.js';
import { disableImageMirroring, enableImageMirroring, getMirrorRecord, promotionOf } from './mirror-records.js';
import { modeOf } from './mirror-pool.js';

/** Where a trashed image's row lives (not a valid namespace name: it has a NUL). */
export const TRASH_NAMESPACE = '\u0000trash';

interface Row { id: string; pool_id: number; namespace: string; name: string; features: number }
interface TrashRow { image_id: string; namespace: string; name: string; source: number; deleted_at: number; deferment_end: number }

function findImage(core: LocalCore, ref: ImageRef): Row {
  const poolId = core.store.poolRefId(ref);
  const row = core.store.db.prepare('SELECT id, pool_id, namespace, name, features FROM images WHERE pool_id = ? AND namespace = ? AND name = ?')
    .get(poolId, ref.namespace, ref.image) as Row | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, `image ${ref.image} does not exist`);
  return row;
}

/** librbd takes the exclusive lock for these operations: a non-primary image refuses (EROFS). */
function assertPrimary(core: LocalCore, imageId: string): void {
  const record = getMirrorRecord(core, imageId);
  if (record && promotionOf(core, record) !== 'primary') throw new RbdError(Errno.EROFS, '');
}

function nameTaken(core: LocalCore, poolId: number, namespace: string, name: string): boolean {
  return !!core.store.db.prepare('SELECT 1 FROM images WHERE pool_id = ? AND namespace = ? AND name = ?').get(poolId, namespace, name);
}

function trashRow(core: LocalCore, ref: PoolRef, id: string): TrashRow & { pool_id: number } {
  const poolId = core.store.poolRefId(ref);
  const row = core.store.db.prepare(`SELECT t.* FROM trash t JOIN images i ON i.id = t.image_id
    WHERE i.pool_id = ? AND t.namespace = ? AND t.image_id = ?`).get(poolId, ref.namespace, id) as TrashRow | undefined;
  if (!row) throw new RbdError(Errno.ENOENT, '');
  return { ...row, pool_id: poolId };
}

/** The image and what is keyed by its id outside its rows (its image-level snapshot schedules,
 *  `<pool_id>/<namespace>/<image_id>`, as rbd rm drops them). */
function removeTrashed(core: LocalCore, poolId: number, namespace: string, id: string): void {
  core.store.db.prepare('DELETE FROM images WHERE id = ?').run(id);
  core.store.db.prepare('DELETE FROM schedules WHERE level = ?').run(`${poolId}/${namespace}/${id}`);
}

/** Rename and metadata changes are journaled image operations (librbd's RenameEvent,
 *  MetadataSetEvent, MetadataRemoveEvent), in the transaction that makes them. */
function journalOp(core: LocalCore, row: Row, type: 'rename' | 'metadata_set' | 'metadata_remove', data: string): void {
  if (row.features & FEATURES.journaling) appendJournalEntry(core.store.db, row.id, { type, offset: 0, length: 0, data: Buffer.from(data, 'utf8') });
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The rbd-mirror daemon replaying into a non-primary copy holds its exclusive lock, as on Ceph:
 *  the live daemon that reports the image's local status. */
export function daemonLock(core: LocalCore, imageId: string): ImageLocks {
  const none: ImageLocks = { exclusive: false, tag: '', lockers: [] };
  const record = getMirrorRecord(core, imageId);
  if (!record || promotionOf(core, record) === 'primary') return none;
  const row = core.store.db.prepare(`SELECT d.gid, d.hostname, d.pid, d.heartbeat FROM mirror_status s
      JOIN images i ON i.pool_id = s.pool_id AND i.namespace = s.namespace
      JOIN mirror_daemons d ON d.gid = s.daemon_gid
    WHERE i.id = ? AND s.global_id = ? AND s.mirror_uuid = ''`).get(imageId, record.globalId) as
    { gid: number; hostname: string; pid: number | null; heartbeat: number } | undefined;
  if (!row || !isDaemonRowUp(row, Date.now(), hostname())) return none;
  // librbd's cookie is `auto <handle>`; the local model has one lock per image and daemon
  const cookie = parseInt(imageId.slice(0, 12), 16);
  return { exclusive: true, tag: '', lockers: [{ locker: `client.${row.gid}`, id: `auto ${cookie}`, address: `127.0.0.1:0/${row.pid ?? 0}` }] };
}

export function lifecycleApi(core: LocalCore): ImageLifecycleApi {
  // the store opens on first use (a command that fails before touching it creates nothing)
  const db = () => core.store.db;
  const tx = <T>(fn: () => T): T => core.store.tx(fn);
  return {
    renameImage: async (ref, newName) => {
      tx(() => {
        const row = findImage(core, ref);
        if (nameTaken(core, row.pool_id, row.namespace, newName)) throw new RbdError(Errno.EEXIST, '');
        assertPrimary(core, row.id);
        db().prepare('UPDATE images SET name = ? WHERE id = ?').run(newName, row.id);
      });
    },

    trashMove: async (ref, delaySeconds) => {
      tx(() => {
        const row = findImage(core, ref);
        const record = getMirrorRecord(core, row.id);
        if (record && promotionOf(core, record) !== 'primary') {
          // a copy the daemon replays into is locked by it (journal mode); else librbd's
          // disable-mirroring step refuses the non-primary
          if (record.mode === 'journal' && daemonLock(core, row.id).lockers.length) throw new RbdError(Errno.EBUSY, '');
          throw new RbdError(Errno.EINVAL, '');
        }
        // Trash::move disables a primary's mirroring (the journal stays: a restore into a
        // pool-mode pool mirrors it again)
        disableImageMirroring(core, row.id, { force: false, keepJournaling: true });
        const now = nowSeconds();
        db().prepare('INSERT INTO trash (image_id, namespace, name, source, deleted_at, deferment_end) VALUES (?, ?, ?, 0, ?, ?)')
          .run(row.id, row.namespace, row.name, now, now + Math.max(0, delaySeconds));
        db().prepare('UPDATE images SET namespace = ?, name = ? WHERE id = ?').run(TRASH_NAMESPACE, row.id, row.id);
      });
    },

    trashList: async (ref) => {
      const poolId = core.store.poolRefId(ref);
      const rows = db().prepare(`SELECT t.* FROM trash t JOIN images i ON i.id = t.image_id
        WHERE i.pool_id = ? AND t.namespace = ? ORDER BY t.image_id`).all(poolId, ref.namespace) as TrashRow[];
      return rows.map((r): TrashEntry => ({
        id: r.image_id, name: r.name, source: TRASH_SOURCES[r.source] ?? 'USER', deletedAt: r.deleted_at, defermentEnd: r.deferment_end,
      }));
    },

    trashRestore: async (ref, id, name) => {
      tx(() => {
        const t = trashRow(core, ref, id);
        const target = name || t.name;
        if (nameTaken(core, t.pool_id, t.namespace, target)) throw new RbdError(Errno.EEXIST, '');
        db().prepare('UPDATE images SET namespace = ?, name = ? WHERE id = ?').run(t.namespace, target, id);
        db().prepare('DELETE FROM trash WHERE image_id = ?').run(id);
        // Trash::restore: a pool-mode pool mirrors a journaling image again (a new global id)
        const features = (db().prepare('SELECT features FROM images WHERE id = ?').get(id) as { features: number }).features;
        if (modeOf(core.store, t.pool_id, t.namespace) === 'pool' && features & FEATURES.journaling) enableImageMirroring(core, id, 'journal');
      });
    },

    trashRemove: async (ref, id, force) => {
      tx(() => {
        const t = trashRow(core, ref, id);
        if (!force && t.deferment_end > nowSeconds()) throw new RbdError(Errno.EPERM, '');
        const snaps = db().prepare("SELECT COUNT(*) AS n FROM snapshots WHERE image_id = ? AND namespace_type = 'user'").get(id) as { n: number };
        if (snaps.n > 0) throw new RbdError(Errno.ENOTEMPTY, '');
        db().prepare('DELETE FROM images WHERE id = ?').run(id);
      });
    },

    trashPurge: async (ref, expiredBefore, threshold) => {
      if (threshold !== -1) throw new RbdError(Errno.EOPNOTSUPP, 'the local backend keeps no pool usage figures for --threshold');
      tx(() => {
        const poolId = core.store.poolRefId(ref);
        const rows = db().prepare(`SELECT t.image_id FROM trash t JOIN images i ON i.id = t.image_id
          WHERE i.pool_id = ? AND t.namespace = ? AND t.deferment_end <= ? AND t.source = 0
            AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.image_id = t.image_id AND s.namespace_type = 'user')`)
          .all(poolId, ref.namespace, expiredBefore) as { image_id: string }[];
        for (const r of rows) db().prepare('DELETE FROM images WHERE id = ?').run(r.image_id);
      });
    },

    metadataList: async (ref) => {
      const row = findImage(core, ref);
      const rows = db().prepare('SELECT key, value FROM image_meta WHERE image_id = ? ORDER BY key').all(row.id) as { key: string; value: string }[];
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },

    metadataGet: async (ref, key) => {
      const row = findImage(core, ref);
      const meta = db().prepare('SELECT value FROM image_meta WHERE image_id = ? AND key = ?').get(row.id, key) as { value: string } | undefined;
      if (!meta) throw new RbdError(Errno.ENOENT, '');
      return meta.value;
    },

    metadataSet: async (ref, key, value) => {
      tx(() => {
        const row = findImage(core, ref);
        const invalid = checkImageMetaValue(key, value);
        if (invalid) throw new RbdError(Errno.EINVAL, invalid);
        assertPrimary(core, row.id);
        db().prepare('INSERT INTO image_meta (image_id, key, value) VALUES (?, ?, ?) ON CONFLICT (image_id, key) DO UPDATE SET value = excluded.value')
          .run(row.id, key, value);
        journalOp(core, row, 'metadata_set', JSON.stringify([key, value]));
      });
    },

    metadataRemove: async (ref, key) => {
      tx(() => {
        const row = findImage(core, ref);
        if (!db().prepare('SELECT 1 FROM image_meta WHERE image_id = ? AND key = ?').get(row.id, key)) throw new RbdError(Errno.ENOENT, '');
        assertPrimary(core, row.id);
        db().prepare('DELETE FROM image_meta WHERE image_id = ? AND key = ?').run(row.id, key);
      });
    },

    listLockers: async (ref) => daemonLock(core, findImage(core, ref).id),
  };
}
