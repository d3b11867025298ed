// Seeds for the status tests: the rows a cluster and its rbd-mirror daemon would hold, but with
// identities chosen by the test (image and global ids, peer uuids, a daemon's gid, host and
// heartbeat, mirror snapshot ids, record ages) so that every expected output is exact. The
// status records themselves are written through the ReplicationEndpoint, as the daemon does.
// Test support only: nothing in rbd or rbd-mirror calls this.
import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import type { ReplicationEndpoint, StatusValue } from '../../replication.js';
import { LocalCore } from '../core.js';
import { LocalEndpoint } from './endpoint.js';

export interface SeedImage { name: string; mode?: 'journal' | 'snapshot'; promotion?: string; globalId?: string; id?: string }

export class LocalFixtures {
  readonly core: LocalCore;
  readonly endpoint: ReplicationEndpoint;

  constructor(clusterDir: string) {
    this.core = new LocalCore({ cluster: basename(clusterDir), configOverrides: {} }, { RBDM_HOME: dirname(clusterDir) });
    this.endpoint = new LocalEndpoint(this.core, basename(clusterDir));
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
}
