// Seeds status-related state into a local cluster as the rbd-mirror daemon (and the image code)
// would, with identities the tests choose: status records go through the daemon's replication
// endpoint, the other rows through the local backend's fixture seam. No SQL here.
import { join } from 'node:path';
import { LocalFixtures, type SeedImage } from '../../src/backends/local/replication/fixtures.js';
import type { SiteState } from '../../src/backends/types.js';

export type Db = LocalFixtures;
export type { SeedImage };

export function openStore(home: string, cluster: string): Db {
  return new LocalFixtures(join(home, cluster));
}

export function poolId(db: Db, pool: string): number {
  return db.poolId(pool);
}

/** Mirror mode image (1) with a pool mirror uuid. */
export function enablePool(db: Db, pool: string, mirrorUuid?: string): void {
  db.enablePool(pool, mirrorUuid);
}

/** Inserts mirrored images (one transaction); returns their ids and global ids. */
export function addImages(db: Db, pool: string, images: SeedImage[]): { id: string; globalId: string }[] {
  return db.addImages(pool, images);
}

export function addPeer(db: Db, pool: string, p: { uuid?: string; direction: 0 | 1 | 2; siteName: string; mirrorUuid: string }): string {
  return db.addPeer(pool, p);
}

export function addDaemon(db: Db, d: { gid: number; heartbeat: number; pools: Record<string, unknown>; instanceId?: string }): void {
  db.addDaemon(d);
}

export function addStatus(db: Db, pool: string, s: { globalId: string; mirrorUuid?: string; state: SiteState; description: string; lastUpdate: number; gid: number }): void {
  db.addStatus(pool, s);
}

export function addMirrorSnapshot(db: Db, imageId: string, s: { id: number; name: string; state: 0 | 1 | 2 | 3; peers: string[] }): void {
  db.addMirrorSnapshot(imageId, s);
}

/** `YYYY-MM-DD HH:MM:SS` local, as the tests expect rbd to print unix seconds. */
export function localTime(sec: number): string {
  const d = new Date(sec * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
