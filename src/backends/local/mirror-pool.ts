// Pool/namespace mirroring configuration: mode, site name, mirror uuid, peers, bootstrap.
import type { MirrorPoolApi } from '../backend.js';
import type { MirrorMode, PeerDirection, PeerSite } from '../types.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

export const MODE_NAMES: MirrorMode[] = ['disabled', 'image', 'pool'];
export const DIRECTION_NAMES: PeerDirection[] = ['rx-only', 'tx-only', 'rx-tx'];
export const SITE_NAME_KEY = 'rbd/mirror/site_name';

interface PeerRow { uuid: string; direction: number; site_name: string; client_name: string; mirror_uuid: string; last_seen: number }

export function peerFromRow(r: PeerRow): PeerSite {
  return {
    uuid: r.uuid, direction: DIRECTION_NAMES[r.direction]!, siteName: r.site_name,
    mirrorUuid: r.mirror_uuid, clientName: r.client_name, lastSeen: r.last_seen,
  };
}

export function mirrorPoolApi(core: LocalCore): MirrorPoolApi {
  return {
    getSiteName: async () => core.store.getConfigKey(SITE_NAME_KEY) ?? core.store.identity().fsid,
    setSiteName: async () => notImplemented('setSiteName'),
    getMirrorMode: async (ref) => {
      const id = core.store.poolRefId(ref);
      const row = core.store.db.prepare('SELECT mode FROM mirror_config WHERE pool_id = ? AND namespace = ?')
        .get(id, ref.namespace) as { mode: number } | undefined;
      return MODE_NAMES[row?.mode ?? 0]!;
    },
    setMirrorMode: async () => notImplemented('setMirrorMode'),
    getMirrorUuid: async (ref) => {
      const id = core.store.poolRefId(ref);
      const row = core.store.db.prepare('SELECT mirror_uuid FROM mirror_config WHERE pool_id = ? AND namespace = ?')
        .get(id, ref.namespace) as { mirror_uuid: string } | undefined;
      return row?.mirror_uuid ?? '';
    },
    listPeers: async (pool) => {
      const id = core.store.poolId(pool);
      return (core.store.db.prepare('SELECT * FROM peers WHERE pool_id = ? ORDER BY seq').all(id) as PeerRow[]).map(peerFromRow);
    },
    addPeer: async () => notImplemented('addPeer'),
    removePeer: async () => notImplemented('removePeer'),
    setPeerClient: async () => notImplemented('setPeerClient'),
    setPeerSiteName: async () => notImplemented('setPeerSiteName'),
    setPeerDirection: async () => notImplemented('setPeerDirection'),
    getPeerAttributes: async () => notImplemented('getPeerAttributes'),
    setPeerAttributes: async () => notImplemented('setPeerAttributes'),
    bootstrapCreate: async () => notImplemented('bootstrapCreate'),
    bootstrapImport: async () => notImplemented('bootstrapImport'),
  };
}
