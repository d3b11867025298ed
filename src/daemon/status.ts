// Writes an image's site status (mirror_status, contract in backends/local/mirror-status.ts):
// into the local store as the local site (mirror_uuid ''), and into the remote store under this
// site's pool mirror uuid, which is what the remote shows under `peer_sites`. A record is
// rewritten when it changes or has not been refreshed for statusRefreshMs.
import type { LocalStore } from '../backends/local/store.js';
import { SITE_STATES, type SiteState } from '../backends/types.js';

export interface SiteStatusValue { state: SiteState; description: string }

export interface StatusTarget {
  store: LocalStore;
  poolId: number;
  namespace: string;
  /** '' for the local site; our local pool mirror uuid when writing into the remote store. */
  mirrorUuid: string;
}

interface Written { state: SiteState; description: string; at: number }

export class StatusWriter {
  private readonly written = new Map<string, Written>();

  constructor(private readonly gid: number, private readonly refreshMs: number) {}

  private key(t: StatusTarget, globalId: string): string {
    return `${t.store.dir}\0${t.poolId}\0${t.namespace}\0${globalId}\0${t.mirrorUuid}`;
  }

  set(t: StatusTarget, globalId: string, value: SiteStatusValue, now = Date.now()): void {
    const k = this.key(t, globalId);
    const prev = this.written.get(k);
    if (prev && prev.state === value.state && prev.description === value.description && now - prev.at < this.refreshMs) return;
    t.store.tx(() => {
      t.store.db.prepare(`INSERT INTO mirror_status (pool_id, namespace, global_id, mirror_uuid, state, description, last_update, daemon_gid)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (pool_id, namespace, global_id, mirror_uuid)
        DO UPDATE SET state = excluded.state, description = excluded.description, last_update = excluded.last_update,
          daemon_gid = excluded.daemon_gid`)
        .run(t.poolId, t.namespace, globalId, t.mirrorUuid, SITE_STATES.indexOf(value.state), value.description,
          Math.floor(now / 1000), this.gid);
    });
    this.written.set(k, { ...value, at: now });
  }

  /** Drops a record (the image is gone on that side). */
  remove(t: StatusTarget, globalId: string): void {
    this.written.delete(this.key(t, globalId));
    t.store.tx(() => {
      t.store.db.prepare('DELETE FROM mirror_status WHERE pool_id = ? AND namespace = ? AND global_id = ? AND mirror_uuid = ?')
        .run(t.poolId, t.namespace, globalId, t.mirrorUuid);
    });
  }

  /** Forget what was written (after a reconnect the remote may have lost it). */
  forget(): void {
    this.written.clear();
  }
}
