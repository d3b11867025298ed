// An image's row in the store: a fresh id and image create's checks and insert, shared by image
// create, clone and the rbd-mirror daemon's non-primary copy.
import { randomBytes } from 'node:crypto';
import { Errno, RbdError } from '../../errors.js';
import type { LocalStore } from './store.js';

/** A fresh image id: 12 hex digits, like Ceph's `<client id><random>` ids. */
export function newImageId(store: LocalStore): string {
  for (;;) {
    const id = randomBytes(6).toString('hex').replace(/^0/, '1');
    if (!store.db.prepare('SELECT 1 FROM images WHERE id = ?').get(id)) return id;
  }
}

/** The checks of image create that do not depend on features: order, data pool, name clash. */
export function checkNewImage(store: LocalStore, poolId: number, namespace: string, name: string, order: number, dataPool: string | undefined): void {
  if (order < 12 || order > 25) throw new RbdError(Errno.EDOM, 'order must be in the range [12, 25]');
  if (dataPool && !store.db.prepare('SELECT 1 FROM pools WHERE name = ?').get(dataPool)) {
    throw new RbdError(Errno.ENOENT, `data pool ${dataPool} does not exist`);
  }
  if (store.db.prepare('SELECT 1 FROM images WHERE pool_id = ? AND namespace = ? AND name = ?').get(poolId, namespace, name)) {
    throw new RbdError(Errno.EEXIST, `directory entry for image ${name} already exists`);
  }
}

export interface NewImage { poolId: number; namespace: string; name: string; size: number; order: number; features: number; dataPool?: string }

/** Image create's row, after its checks; returns the new id. Call inside a transaction. Also
 *  how the rbd-mirror daemon creates a non-primary copy (with the primary's feature mask). */
export function insertImage(store: LocalStore, img: NewImage, opts: { checked?: boolean } = {}): string {
  if (!opts.checked) checkNewImage(store, img.poolId, img.namespace, img.name, img.order, img.dataPool);
  const id = newImageId(store);
  const now = Date.now();
  store.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, data_pool, created, modified, accessed)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(id, img.poolId, img.namespace, img.name, img.size, img.order, img.features, img.dataPool ?? null, now, now, now);
  return id;
}
