// The image map on a local cluster (table mirror_image_map): which live daemon instance replays
// each mirrored image of a pool, and which one holds it now. The leader writes the assignment;
// every daemon claims what is assigned to it once the previous holder has let go (or died), and
// lets go of what is no longer its own. Each step is one transaction: the store is the arbiter.
import { assignImages } from '../../../rules/image-map.js';
import type { LocalStore } from '../store.js';
import { liveDaemons } from './service-map.js';

interface MapRow { global_id: string; instance_gid: number; holder_gid: number | null }

/** Live daemons that run the pool (their last report lists it without an error), and `self`. */
function poolInstances(store: LocalStore, poolId: number, self: number): number[] {
  const others = liveDaemons(store, self).filter((d) => d.gid !== self && d.pools[String(poolId)] !== undefined
    && !d.pools[String(poolId)]!.callouts.some((c) => c.level === 'error')).map((d) => d.gid);
  return [self, ...others];
}

/** Leader: (re)assigns the pool's images over its live instances; rows of images gone go. Only
 *  a map that has to change costs a write transaction (an idle leader reads). */
export function mapImages(store: LocalStore, poolId: number, namespace: string, globalIds: readonly string[], self: number): void {
  const plan = () => {
    const rows = store.db.prepare('SELECT global_id, instance_gid, holder_gid FROM mirror_image_map WHERE pool_id = ? AND namespace = ?')
      .all(poolId, namespace) as MapRow[];
    const current = new Map(rows.map((r) => [r.global_id, r.instance_gid]));
    const next = assignImages(globalIds, current, poolInstances(store, poolId, self));
    const moved = [...next].filter(([id, gid]) => current.get(id) !== gid);
    const gone = rows.filter((r) => !next.has(r.global_id)).map((r) => r.global_id);
    return { moved, gone };
  };
  const first = plan();
  if (!first.moved.length && !first.gone.length) return;
  store.tx(() => {
    const { moved, gone } = plan();
    const upsert = store.db.prepare(`INSERT INTO mirror_image_map (pool_id, namespace, global_id, instance_gid) VALUES (?, ?, ?, ?)
      ON CONFLICT (pool_id, namespace, global_id) DO UPDATE SET instance_gid = excluded.instance_gid`);
    for (const [id, gid] of moved) upsert.run(poolId, namespace, id, gid);
    const drop = store.db.prepare('DELETE FROM mirror_image_map WHERE pool_id = ? AND namespace = ? AND global_id = ?');
    for (const id of gone) drop.run(poolId, namespace, id);
  });
}

/** Lets go of the images no longer assigned to `self`, takes those assigned to it whose holder
 *  let go or is not running; returns what `self` holds. The caller runs no replay step of the
 *  pool meanwhile, so letting go here cannot overlap a step. */
export function claimImages(store: LocalStore, poolId: number, namespace: string, self: number): string[] {
  const held = () => (store.db.prepare('SELECT global_id FROM mirror_image_map WHERE pool_id = ? AND namespace = ? AND holder_gid = ? ORDER BY global_id')
    .all(poolId, namespace, self) as { global_id: string }[]).map((r) => r.global_id);
  const pending = store.db.prepare(`SELECT count(*) AS n FROM mirror_image_map WHERE pool_id = ? AND namespace = ?
    AND ((holder_gid = ? AND instance_gid != ?) OR (instance_gid = ? AND holder_gid IS NOT ?))`).get(poolId, namespace, self, self, self, self) as { n: number };
  if (pending.n === 0) return held();                     // the common case: a read, no write
  return store.tx(() => {
    store.db.prepare('UPDATE mirror_image_map SET holder_gid = NULL WHERE pool_id = ? AND namespace = ? AND holder_gid = ? AND instance_gid != ?')
      .run(poolId, namespace, self, self);
    const live = JSON.stringify([self, ...liveDaemons(store, self).map((d) => d.gid)]);
    store.db.prepare(`UPDATE mirror_image_map SET holder_gid = ? WHERE pool_id = ? AND namespace = ? AND instance_gid = ?
      AND (holder_gid IS NULL OR holder_gid NOT IN (SELECT value FROM json_each(?)))`).run(self, poolId, namespace, self, live);
    return held();
  });
}
