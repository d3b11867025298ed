// Test support for the local store, so that no test writes SQL: the rows a cluster and its
// rbd-mirror daemon would hold, with identities chosen by the test (image and global ids, peer
// uuids, a daemon's gid, host and heartbeat, mirror snapshot ids, record ages) so that every
// expected output is exact, and the few states a remote site's daemon would leave that no local
// command can produce. Status records are written through the ReplicationEndpoint, as the daemon
// does. Test support only: nothing in rbd or rbd-mirror calls this.
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { ReplicationEndpoint, StatusValue } from '../../replication.js';
import { LocalCore } from '../core.js';
import { LocalEndpoint } from './endpoint.js';

export interface SeedImage { name: string; mode?: 'journal' | 'snapshot'; promotion?: string; globalId?: string; id?: string }

export class LocalFixtures {
  readonly core: LocalCore;
  readonly endpoint: ReplicationEndpoint;

  /** Opens the cluster directory's store, or works on an already open core (closed by its owner). */
  constructor(cluster: string | LocalCore) {
    this.core = typeof cluster === 'string'
      ? new LocalCore({ cluster: basename(cluster), configOverrides: {} }, { RBDM_HOME: dirname(cluster) })
      : cluster;
    this.endpoint = new LocalEndpoint(this.core, basename(this.core.dir));
  }

  private get db() { return this.core.store.db; }

  close(): void { this.core.close(); }

  poolId(pool: string): number {
    return this.core.store.poolId(pool);
  }

  /** Mirror mode image with a pool mirror uuid. */
  enablePool(pool: string, mirrorUuid: string = randomUUID()): void {
    this.db.prepare(`INSERT INTO mirror_config (pool_id, namespace, mode, mirror_uuid) VALUES (?, '', 1, ?)
      ON CONFLICT(pool_id, namespace) DO UPDATE SET mode = 1, mirror_uuid = excluded.mirror_uuid`).run(this.poolId(pool), mirrorUuid);
  }

  /** Mirrored images (one transaction); returns their ids and global ids. */
  addImages(pool: string, images: SeedImage[]): { id: string; globalId: string }[] {
    const pid = this.poolId(pool);
    const img = this.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES (?, ?, '', ?, 67108864, 22, 61, 0, 0, 0)`);
    const mir = this.db.prepare('INSERT INTO mirror_images (image_id, global_id, mode, state, promotion) VALUES (?, ?, ?, 1, ?)');
    return this.core.store.tx(() => images.map((i) => {
      const id = i.id ?? randomUUID().replace(/-/g, '').slice(0, 12);
      const globalId = i.globalId ?? randomUUID();
      img.run(id, pid, i.name);
      mir.run(id, globalId, i.mode === 'snapshot' ? 1 : 0, i.promotion ?? 'primary');
      return { id, globalId };
    }));
  }

  /** An image without mirroring. */
  addPlainImage(pool: string, img: { id: string; name: string; size: number; features: number }): void {
    this.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES (?, ?, '', ?, ?, 22, ?, 0, 0, 0)`).run(img.id, this.poolId(pool), img.name, img.size, img.features);
  }

  addPeer(pool: string, p: { uuid?: string; direction: 0 | 1 | 2; siteName: string; mirrorUuid: string }): string {
    const uuid = p.uuid ?? randomUUID();
    this.db.prepare(`INSERT INTO peers (uuid, pool_id, direction, site_name, client_name, mirror_uuid, seq)
      VALUES (?, ?, ?, ?, 'client.rbd-mirror-peer', ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM peers))`)
      .run(uuid, this.poolId(pool), p.direction, p.siteName, p.mirrorUuid);
    return uuid;
  }

  setPeerDirections(direction: 0 | 1 | 2): void {
    this.db.prepare('UPDATE peers SET direction = ?').run(direction);
  }

  addDaemon(d: { gid: number; heartbeat: number; pools: Record<string, unknown>; instanceId?: string }): void {
    this.db.prepare(`INSERT INTO mirror_daemons (gid, instance_id, client_id, hostname, version, pid, started, heartbeat, pools)
      VALUES (?, ?, 'mirror.0', 'host1', '16.2.15', 1, ?, ?, ?)`)
      .run(d.gid, d.instanceId ?? String(d.gid + 30), d.heartbeat, d.heartbeat, JSON.stringify(d.pools));
  }

  setDaemonHeartbeats(heartbeat: number): void {
    this.db.prepare('UPDATE mirror_daemons SET heartbeat = ?').run(heartbeat);
  }

  /** A status record as a daemon with `gid` wrote it at `lastUpdate` (unix seconds). */
  addStatus(pool: string, s: { globalId: string; mirrorUuid?: string; state: StatusValue['state']; description: string; lastUpdate: number; gid: number }): void {
    this.endpoint.writeStatus({ poolId: this.poolId(pool), namespace: '', globalId: s.globalId, mirrorUuid: s.mirrorUuid ?? '' },
      { state: s.state, description: s.description }, s.gid, s.lastUpdate * 1000);
  }

  /** Ages every peer-site record to `lastUpdate`; returns a function that restores them. */
  agePeerStatuses(lastUpdate: number): () => void {
    const rows = this.db.prepare("SELECT rowid, last_update FROM mirror_status WHERE mirror_uuid != ''").all() as { rowid: number; last_update: number }[];
    this.db.prepare("UPDATE mirror_status SET last_update = ? WHERE mirror_uuid != ''").run(lastUpdate);
    return () => {
      for (const r of rows) this.db.prepare('UPDATE mirror_status SET last_update = ? WHERE rowid = ?').run(r.last_update, r.rowid);
    };
  }

  addMirrorSnapshot(imageId: string, s: { id: number; name: string; state: 0 | 1 | 2 | 3; peers: string[] }): void {
    this.db.prepare(`INSERT INTO snapshots (image_id, snap_id, name, size, created, namespace_type, mirror_state, peer_uuids)
      VALUES (?, ?, ?, 67108864, 0, 'mirror', ?, ?)`).run(imageId, s.id, s.name, s.state, JSON.stringify(s.peers));
    this.db.prepare('UPDATE images SET snap_seq = MAX(snap_seq, ?) WHERE id = ?').run(s.id, imageId);
  }

  // ---- reads and edits of one image, by name (the first image of that name in any pool) ----

  imageId(name: string): string {
    const row = this.db.prepare('SELECT id FROM images WHERE name = ? ORDER BY pool_id LIMIT 1').get(name) as { id: string } | undefined;
    if (!row) throw new Error(`fixtures: no image named ${name}`);
    return row.id;
  }

  /** As a remote primary's daemon leaves a copy: the promotion state of the image's mirror record. */
  setPromotion(name: string, promotion: 'primary' | 'non-primary' | 'orphan'): void {
    this.db.prepare('UPDATE mirror_images SET promotion = ? WHERE image_id = ?').run(promotion, this.imageId(name));
  }

  resyncRequested(name: string): boolean {
    const row = this.db.prepare('SELECT resync_requested FROM mirror_images WHERE image_id = ?').get(this.imageId(name)) as { resync_requested: number } | undefined;
    return row?.resync_requested === 1;
  }

  /** Sets feature bits beyond what `rbd feature enable` allows (e.g. 1024, non-primary). */
  addFeatureBits(name: string, bits: number): void {
    this.db.prepare('UPDATE images SET features = features | ? WHERE id = ?').run(bits, this.imageId(name));
  }

  /** A mirror snapshot as the daemon writes it on a non-primary copy. */
  addNonPrimarySnapshot(imageId: string, s: { id: number; name: string; complete: boolean; primaryMirrorUuid: string; primarySnapId: number; lastCopiedObject: number; state?: 2 | 3 }): void {
    this.db.prepare(`INSERT INTO snapshots (image_id, snap_id, name, size, created, namespace_type, mirror_state, peer_uuids, complete,
      primary_mirror_uuid, primary_snap_id, last_copied_object_number) VALUES (?, ?, ?, 67108864, ?, 'mirror', ?, '[]', ?, ?, ?, ?)`)
      .run(imageId, s.id, s.name, Date.now(), s.state ?? 2, s.complete ? 1 : 0, s.primaryMirrorUuid, s.primarySnapId, s.lastCopiedObject);
    this.db.prepare('UPDATE images SET snap_seq = MAX(snap_seq, ?) WHERE id = ?').run(s.id, imageId);
  }

  /** Ids of the image's mirror snapshots, oldest first. */
  mirrorSnapshotIds(imageId: string): number[] {
    return (this.db.prepare("SELECT snap_id FROM snapshots WHERE image_id = ? AND namespace_type = 'mirror' ORDER BY snap_id")
      .all(imageId) as { snap_id: number }[]).map((r) => r.snap_id);
  }

  /** Drops a snapshot's record outright, as a primary whose snapshot vanished under the daemon. */
  dropSnapshot(imageId: string, snapId: number): void {
    this.core.store.tx(() => this.db.prepare('DELETE FROM snapshots WHERE image_id = ? AND snap_id = ?').run(imageId, snapId));
  }

  /** A user snapshot's id and size. */
  userSnapshot(imageId: string, name: string): { snapId: number; size: number } {
    const row = this.db.prepare("SELECT snap_id, size FROM snapshots WHERE image_id = ? AND name = ? AND namespace_type = 'user'")
      .get(imageId, name) as { snap_id: number; size: number } | undefined;
    if (!row) throw new Error(`fixtures: no snapshot ${name}`);
    return { snapId: row.snap_id, size: row.size };
  }

  imageMeta(imageId: string): { key: string; value: string }[] {
    return this.db.prepare('SELECT key, value FROM image_meta WHERE image_id = ? ORDER BY key').all(imageId) as { key: string; value: string }[];
  }

  setImageMeta(imageId: string, key: string, value: string): void {
    this.core.store.tx(() => this.db.prepare(`INSERT INTO image_meta (image_id, key, value) VALUES (?, ?, ?)
      ON CONFLICT (image_id, key) DO UPDATE SET value = excluded.value`).run(imageId, key, value));
  }

  journalEntryCount(imageId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM journal_entries WHERE image_id = ?').get(imageId) as { n: number }).n;
  }

  /** Status records (this site's and peer sites') held for one global image id. */
  statusRecordCount(globalId: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM mirror_status WHERE global_id = ?').get(globalId) as { n: number }).n;
  }

  /** Many plain images in one transaction (a listing's scale tests). */
  addPlainImages(pool: string, images: { id: string; name: string; size: number }[]): void {
    const insert = this.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES (?, ?, '', ?, ?, 22, 61, 0, 0, 0)`);
    const pid = this.poolId(pool);
    this.core.store.tx(() => { for (const i of images) insert.run(i.id, pid, i.name, i.size); });
  }

  /** The stored caps of a cephx user, replaced outright (to model a user created elsewhere). */
  replaceCaps(entity: string, caps: Record<string, string>): void {
    this.db.prepare('UPDATE auth SET caps = ? WHERE entity = ?').run(JSON.stringify(caps), entity);
  }
}
