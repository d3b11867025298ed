// Writes status-related rows straight into a local cluster's store, as the rbd-mirror daemon
// (and the image code) would: the daemon contract of src/backends/local/mirror-status.ts.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SITE_STATES, type SiteState } from '../../src/backends/types.js';

export type Db = Database.Database;

export function openStore(home: string, cluster: string): Db {
  const db = new Database(join(home, cluster, 'cluster.db'));
  db.pragma('busy_timeout = 15000');
  return db;
}

export function poolId(db: Db, pool: string): number {
  return (db.prepare('SELECT id FROM pools WHERE name = ?').get(pool) as { id: number }).id;
}

/** Mirror mode image (1) with a pool mirror uuid. */
export function enablePool(db: Db, pool: string, mirrorUuid = randomUUID()): void {
  db.prepare(`INSERT INTO mirror_config (pool_id, namespace, mode, mirror_uuid) VALUES (?, '', 1, ?)
    ON CONFLICT(pool_id, namespace) DO UPDATE SET mode = 1, mirror_uuid = excluded.mirror_uuid`).run(poolId(db, pool), mirrorUuid);
}

export interface SeedImage { name: string; mode?: 'journal' | 'snapshot'; promotion?: string; globalId?: string; id?: string }

/** Inserts mirrored images (one transaction); returns their ids and global ids. */
export function addImages(db: Db, pool: string, images: SeedImage[]): { id: string; globalId: string }[] {
  const pid = poolId(db, pool);
  const img = db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
    VALUES (?, ?, '', ?, 67108864, 22, 61, 0, 0, 0)`);
  const mir = db.prepare('INSERT INTO mirror_images (image_id, global_id, mode, state, promotion) VALUES (?, ?, ?, 1, ?)');
  return db.transaction(() => images.map((i) => {
    const id = i.id ?? randomUUID().replace(/-/g, '').slice(0, 12);
    const globalId = i.globalId ?? randomUUID();
    img.run(id, pid, i.name);
    mir.run(id, globalId, i.mode === 'snapshot' ? 1 : 0, i.promotion ?? 'primary');
    return { id, globalId };
  }))();
}

export function addPeer(db: Db, pool: string, p: { uuid?: string; direction: 0 | 1 | 2; siteName: string; mirrorUuid: string }): string {
  const uuid = p.uuid ?? randomUUID();
  db.prepare(`INSERT INTO peers (uuid, pool_id, direction, site_name, client_name, mirror_uuid, seq)
    VALUES (?, ?, ?, ?, 'client.rbd-mirror-peer', ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM peers))`)
    .run(uuid, poolId(db, pool), p.direction, p.siteName, p.mirrorUuid);
  return uuid;
}

export function addDaemon(db: Db, d: { gid: number; heartbeat: number; pools: Record<string, unknown>; instanceId?: string }): void {
  db.prepare(`INSERT INTO mirror_daemons (gid, instance_id, client_id, hostname, version, pid, started, heartbeat, pools)
    VALUES (?, ?, 'mirror.0', 'host1', '16.2.15', 1, ?, ?, ?)`)
    .run(d.gid, d.instanceId ?? String(d.gid + 30), d.heartbeat, d.heartbeat, JSON.stringify(d.pools));
}

export function addStatus(db: Db, pool: string, s: { globalId: string; mirrorUuid?: string; state: SiteState; description: string; lastUpdate: number; gid: number }): void {
  db.prepare(`INSERT INTO mirror_status (pool_id, namespace, global_id, mirror_uuid, state, description, last_update, daemon_gid)
    VALUES (?, '', ?, ?, ?, ?, ?, ?)`)
    .run(poolId(db, pool), s.globalId, s.mirrorUuid ?? '', SITE_STATES.indexOf(s.state), s.description, s.lastUpdate, s.gid);
}

export function addMirrorSnapshot(db: Db, imageId: string, s: { id: number; name: string; state: 0 | 1 | 2 | 3; peers: string[] }): void {
  db.prepare(`INSERT INTO snapshots (image_id, snap_id, name, size, created, namespace_type, mirror_state, peer_uuids)
    VALUES (?, ?, ?, 67108864, 0, 'mirror', ?, ?)`).run(imageId, s.id, s.name, s.state, JSON.stringify(s.peers));
  db.prepare('UPDATE images SET snap_seq = MAX(snap_seq, ?) WHERE id = ?').run(s.id, imageId);
}

/** `YYYY-MM-DD HH:MM:SS` local, as the tests expect rbd to print unix seconds. */
export function localTime(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
