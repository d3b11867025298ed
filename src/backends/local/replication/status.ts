// Site status records (`mirror_status`, contract at the top of ../mirror-status.ts), as the
// rbd-mirror daemon writes them: mirror_uuid '' for the local copy, the writer's pool mirror uuid
// for the copy it reports into the remote cluster.
import type { StatusKey, StatusValue } from '../../replication.js';
import { SITE_STATES } from '../../types.js';
import type { LocalStore } from '../store.js';

export function writeStatus(store: LocalStore, k: StatusKey, v: StatusValue, gid: number, now = Date.now()): void {
  store.tx(() => {
    store.db.prepare(`INSERT INTO mirror_status (pool_id, namespace, global_id, mirror_uuid, state, description, last_update, daemon_gid)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (pool_id, namespace, global_id, mirror_uuid)
      DO UPDATE SET state = excluded.state, description = excluded.description, last_update = excluded.last_update,
        daemon_gid = excluded.daemon_gid`)
      .run(k.poolId, k.namespace, k.globalId, k.mirrorUuid, SITE_STATES.indexOf(v.state), v.description, Math.floor(now / 1000), gid);
  });
}

export function removeStatus(store: LocalStore, k: StatusKey): void {
  store.tx(() => {
    store.db.prepare('DELETE FROM mirror_status WHERE pool_id = ? AND namespace = ? AND global_id = ? AND mirror_uuid = ?')
      .run(k.poolId, k.namespace, k.globalId, k.mirrorUuid);
  });
}

export function touchStatuses(store: LocalStore, k: Omit<StatusKey, 'globalId'>, gid: number, now = Date.now()): void {
  store.tx(() => {
    store.db.prepare('UPDATE mirror_status SET last_update = ? WHERE pool_id = ? AND namespace = ? AND mirror_uuid = ? AND daemon_gid = ?')
      .run(Math.floor(now / 1000), k.poolId, k.namespace, k.mirrorUuid, gid);
  });
}
