// Pools, namespaces and peers as the rbd-mirror daemon reads them, and its one write there: the
// "mirror peer ping" that registers its site (and mirror uuid) on the remote pool.
import type { MirroredPool } from '../../replication.js';
import type { LocalCore } from '../core.js';
import { DIRECTION_NAMES, insertPeer, peersOf, siteNameOf } from '../mirror-pool.js';

export function mirroredPools(core: LocalCore): MirroredPool[] {
  return (core.store.db.prepare(`SELECT c.pool_id, p.name, c.namespace FROM mirror_config c JOIN pools p ON p.id = c.pool_id
    WHERE c.mode != 0 ORDER BY p.name, c.namespace`).all() as { pool_id: number; name: string; namespace: string }[])
    .map((r) => ({ poolId: r.pool_id, pool: r.name, namespace: r.namespace }));
}

export function poolId(core: LocalCore, pool: string): number | undefined {
  return (core.store.db.prepare('SELECT id FROM pools WHERE name = ?').get(pool) as { id: number } | undefined)?.id;
}

export function poolNames(core: LocalCore): string[] {
  return (core.store.db.prepare('SELECT name FROM pools ORDER BY name').all() as { name: string }[]).map((p) => p.name);
}

/** The mirror uuid the daemon replicates a pool/namespace under: the pool's. */
export function mirrorUuid(core: LocalCore, pool: number, namespace: string): string {
  // rbd-mirror runs every namespace under the pool's uuid (a store from before namespaces shared
  // it may still hold another one in the namespace's row: the pool's wins)
  const row = core.store.db.prepare(`SELECT mirror_uuid FROM mirror_config WHERE pool_id = ? AND namespace IN (?, '')
    ORDER BY namespace = '' DESC LIMIT 1`).get(pool, namespace) as { mirror_uuid: string } | undefined;
  return row?.mirror_uuid ?? '';
}

/** The peer entry of `site` (else the one already carrying the uuid) gets our mirror uuid; a
 *  tx-only entry is added when the remote has none, as for an rx-only import. */
export function announcePeer(core: LocalCore, pool: number, site: string, uuid: string): { uuid: string; added: boolean } {
  const { store } = core;
  const find = () => {
    const peers = peersOf(store, pool);
    return peers.find((p) => p.siteName === site) ?? peers.find((p) => p.mirrorUuid === uuid);
  };
  const found = find();
  if (found && found.mirrorUuid === uuid) return { uuid: found.uuid, added: false };
  return store.tx(() => {
    const p = find();
    const id = p?.uuid ?? insertPeer(store, pool, { direction: DIRECTION_NAMES[1]!, siteName: site, clientName: '' });
    store.db.prepare('UPDATE peers SET mirror_uuid = ?, last_seen = ? WHERE uuid = ?').run(uuid, Math.floor(Date.now() / 1000), id);
    return { uuid: id, added: !p };
  });
}

/** What replication acts on in the pool/namespace, summarised by aggregates over its images
 *  (one read, no blobs): any change to records, sizes, snapshots, journals or their clients
 *  changes the token. */
export function changeToken(core: LocalCore, pool: number, namespace: string): string {
  const { db } = core.store;
  const images = db.prepare(`SELECT count(*) AS n, total(i.size) AS size, total(i.snap_seq) AS seq, max(i.modified) AS modified,
      total(m.state * 11 + m.resync_requested * 3 + (m.promotion = 'orphan') * 5 + (m.promotion = 'non-primary') * 7 + m.mode) AS rec,
      group_concat(length(m.global_id) + length(i.id)) AS ids
    FROM images i LEFT JOIN mirror_images m ON m.image_id = i.id WHERE i.pool_id = ? AND i.namespace = ?`).get(pool, namespace);
  const journals = db.prepare(`SELECT total(j.last_tid) AS tid, total(j.tag_tid) AS tag,
      (SELECT total(c.commit_tid) || ':' || count(*) || ':' || total(length(c.data)) || ':' || total(c.state = 'connected')
        FROM journal_clients c JOIN images i2 ON i2.id = c.image_id
        WHERE i2.pool_id = ? AND i2.namespace = ?) AS clients
    FROM journals j JOIN images i ON i.id = j.image_id WHERE i.pool_id = ? AND i.namespace = ?`).get(pool, namespace, pool, namespace);
  const snaps = db.prepare(`SELECT count(*) AS n, total(s.snap_id) AS ids, total(s.complete) AS complete, total(s.protected) AS prot,
      total(s.last_copied_object_number) AS copied, total(length(s.peer_uuids)) AS peers
    FROM snapshots s JOIN images i ON i.id = s.image_id WHERE i.pool_id = ? AND i.namespace = ?`).get(pool, namespace);
  const mode = db.prepare('SELECT mode, mirror_uuid FROM mirror_config WHERE pool_id = ? AND namespace = ?').get(pool, namespace);
  const peers = db.prepare('SELECT group_concat(uuid || direction || mirror_uuid) AS p FROM peers WHERE pool_id = ?').get(pool);
  // life: renames and image-meta changes are replicated too
  const names = db.prepare(`SELECT group_concat(i.name, '/') AS names,
      (SELECT group_concat(t.key || '=' || substr(t.value, 1, 64), '/') || ':' || total(length(t.value)) FROM image_meta t
        JOIN images i2 ON i2.id = t.image_id WHERE i2.pool_id = ? AND i2.namespace = ?) AS meta
    FROM images i WHERE i.pool_id = ? AND i.namespace = ?`).get(pool, namespace, pool, namespace);
  return JSON.stringify([images, journals, snaps, mode, peers, names]);
}

export { siteNameOf };
