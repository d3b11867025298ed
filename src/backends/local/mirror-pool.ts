// Pool/namespace mirroring configuration: mode, site name, mirror uuid, peers, bootstrap.
// The rules are librbd's (api/Mirror.cc) and cls_rbd's; each mutation is one transaction that
// checks everything before it writes. The helpers below take a LocalStore so that bootstrap
// import can apply them to the remote cluster's store as well.
import { randomUUID } from 'node:crypto';
import { Errno, RbdError } from '../../errors.js';
import type { MirrorPoolApi } from '../backend.js';
import {
  FEATURES, MULTIPLE_RX_PEERS, MIRROR_MODES as MODE_NAMES, PEER_DIRECTIONS as DIRECTION_NAMES, type MirrorMode, type PeerAttributes, type PeerDirection,
  type PeerSite, type PoolRef,
} from '../types.js';
import type { LocalCore } from './core.js';
import { disableImageMirroring, enableImageMirroring } from './mirror-records.js';
import { unlinkPeerFromSnapshot } from './mirror-snapshots.js';
import type { LocalStore } from './store.js';

export { MODE_NAMES, DIRECTION_NAMES };
export const SITE_NAME_KEY = 'rbd/mirror/site_name';
const STATE_ENABLED = 1;
const IMAGE_MODE_SNAPSHOT = 1;

interface PeerRow { uuid: string; direction: number; site_name: string; client_name: string; mirror_uuid: string; last_seen: number }

export function peerFromRow(r: PeerRow): PeerSite {
  return {
    uuid: r.uuid, direction: DIRECTION_NAMES[r.direction]!, siteName: r.site_name,
    mirrorUuid: r.mirror_uuid, clientName: r.client_name, lastSeen: r.last_seen,
  };
}

/** rbd_mirror_site_name_get: the config-key, else the fsid. */
export function siteNameOf(store: LocalStore): string {
  return store.getConfigKey(SITE_NAME_KEY) || store.identity().fsid;
}

export function modeOf(store: LocalStore, poolId: number, namespace: string): MirrorMode {
  const row = store.db.prepare('SELECT mode FROM mirror_config WHERE pool_id = ? AND namespace = ?')
    .get(poolId, namespace) as { mode: number } | undefined;
  return MODE_NAMES[row?.mode ?? 0]!;
}

export function peersOf(store: LocalStore, poolId: number): PeerSite[] {
  return (store.db.prepare('SELECT * FROM peers WHERE pool_id = ? ORDER BY seq').all(poolId) as PeerRow[]).map(peerFromRow);
}

const attrKey = (poolId: number, uuid: string) => `rbd/mirror/peer/${poolId}/${uuid}`;

export function peerAttributesOf(store: LocalStore, poolId: number, uuid: string): PeerAttributes {
  const raw = store.getConfigKey(attrKey(poolId, uuid));
  if (!raw) return {};
  let parsed: unknown;
  try { parsed = JSON.parse(raw); } catch { parsed = undefined; }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RbdError(Errno.EINVAL, 'corrupt mirroring peer config');
  }
  const obj = parsed as Record<string, unknown>;
  const attrs: PeerAttributes = {};
  if (typeof obj.key === 'string') attrs.key = obj.key;
  if (typeof obj.mon_host === 'string') attrs.mon_host = obj.mon_host;
  return attrs;
}

function requirePeer(store: LocalStore, poolId: number, uuid: string): void {
  if (!store.db.prepare('SELECT 1 FROM peers WHERE pool_id = ? AND uuid = ?').get(poolId, uuid)) {
    throw new RbdError(Errno.ENOENT, `mirror peer ${uuid} does not exist`);
  }
}

/** rbd_mirror_peer_site_set_attributes: replaces the whole set. Stored as librbd writes it
 *  (a std::map, so `key` before `mon_host`). Call inside a transaction. */
export function writePeerAttributes(store: LocalStore, poolId: number, uuid: string, attrs: PeerAttributes): void {
  requirePeer(store, poolId, uuid);
  const pairs = (['key', 'mon_host'] as const).filter((k) => attrs[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}: ${JSON.stringify(attrs[k])}`);
  store.setConfigKey(attrKey(poolId, uuid), `{${pairs.join(', ')}}`);
}

export interface NewPeer { direction: PeerDirection; siteName: string; clientName: string }

/** The checks of librbd peer_site_add and cls mirror_peer_add, before anything is written.
 *  selfName: the caller's cluster name (a peer may not be named after it); enabling: the same
 *  transaction enables mirroring first (bootstrap import). */
export function checkPeerAdd(store: LocalStore, poolId: number, peer: NewPeer, selfName?: string,
  opts: { enabling?: boolean } = {}): void {
  if (selfName !== undefined && peer.siteName === selfName) throw new RbdError(Errno.EINVAL, 'cannot add self as remote peer');
  if (peer.direction === 'tx-only') throw new RbdError(Errno.EINVAL, 'invalid mirror peer direction');
  if (!opts.enabling && modeOf(store, poolId, '') === 'disabled') throw new RbdError(Errno.EINVAL, 'mirroring must be enabled on the pool');
  if (peer.siteName === '' || peer.clientName === '') throw new RbdError(Errno.EINVAL, 'mirror peer is not valid');
  if (peersOf(store, poolId).some((p) => p.siteName === peer.siteName)) {
    throw new RbdError(Errno.EEXIST, `peer site name '${peer.siteName}' already exists`);
  }
}

/** Only one peer that receives (rx-only or rx-tx); call inside the write's transaction. */
function checkSingleRxPeer(store: LocalStore, poolId: number, except?: string): void {
  if (peersOf(store, poolId).some((p) => p.direction !== 'tx-only' && p.uuid !== except)) {
    throw new RbdError(Errno.EINVAL, MULTIPLE_RX_PEERS);
  }
}

/** Adds the peer (after checkPeerAdd) and returns its new uuid. Call inside a transaction. */
export function insertPeer(store: LocalStore, poolId: number, peer: NewPeer): string {
  const uuid = randomUUID();
  const seq = (store.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM peers').get() as { n: number }).n;
  store.db.prepare('INSERT INTO peers (uuid, pool_id, direction, site_name, client_name, seq) VALUES (?, ?, ?, ?, ?, ?)')
    .run(uuid, poolId, DIRECTION_NAMES.indexOf(peer.direction), peer.siteName, peer.clientName, seq);
  return uuid;
}

export function renamePeer(store: LocalStore, poolId: number, uuid: string, siteName: string): void {
  requirePeer(store, poolId, uuid);
  const clash = store.db.prepare('SELECT 1 FROM peers WHERE pool_id = ? AND site_name = ? AND uuid <> ?').get(poolId, siteName, uuid);
  if (clash) throw new RbdError(Errno.EEXIST, `peer site name '${siteName}' already exists`);
  store.db.prepare('UPDATE peers SET site_name = ? WHERE pool_id = ? AND uuid = ?').run(siteName, poolId, uuid);
}

/** rbd_mirror_mode_set, inside a transaction: a failure anywhere rolls the whole change back
 *  (librbd could leave the pool half-way in `image` mode; one transaction cannot). */
export function setModeInTx(core: LocalCore, ref: PoolRef, poolId: number, next: MirrorMode): void {
  const { store } = core;
  const ns = ref.namespace;
  // Peers live at pool level: only the default namespace sees them (as librbd's io_ctx does).
  if (next === 'disabled' && ns === '' && peersOf(store, poolId).length) {
    throw new RbdError(Errno.EBUSY, 'mirror peers still registered');
  }
  const current = modeOf(store, poolId, ns);
  if (current === next) return;
  store.db.prepare('INSERT OR IGNORE INTO mirror_config (pool_id, namespace) VALUES (?, ?)').run(poolId, ns);
  if (current === 'disabled') {
    // rbd-mirror runs every namespace of a pool under the pool's mirror uuid (peers, pings and
    // remote statuses are pool-level): a pool's enabled levels share one uuid.
    const shared = store.db.prepare("SELECT mirror_uuid FROM mirror_config WHERE pool_id = ? AND mirror_uuid != '' ORDER BY namespace != '' LIMIT 1")
      .get(poolId) as { mirror_uuid: string } | undefined;
    store.db.prepare('UPDATE mirror_config SET mirror_uuid = ? WHERE pool_id = ? AND namespace = ?').run(shared?.mirror_uuid ?? randomUUID(), poolId, ns);
  }
  if (next === 'pool') {
    // Journal-mode mirroring for every journaling image not mirrored yet (snapshot-mode ones stay).
    const ids = store.db.prepare(`SELECT i.id FROM images i LEFT JOIN mirror_images m ON m.image_id = i.id
      WHERE i.pool_id = ? AND i.namespace = ? AND (i.features & ${FEATURES.journaling}) != 0 AND m.image_id IS NULL
      ORDER BY i.name`).all(poolId, ns) as { id: string }[];
    for (const { id } of ids) enableImageMirroring(core, id, 'journal');
  } else if (next === 'disabled') {
    const rows = store.db.prepare(`SELECT m.image_id, m.state FROM mirror_images m JOIN images i ON i.id = m.image_id
      WHERE i.pool_id = ? AND i.namespace = ? ORDER BY m.image_id`).all(poolId, ns) as { image_id: string; state: number }[];
    if (current === 'image') {
      if (rows.some((r) => r.state === STATE_ENABLED)) {
        throw new RbdError(Errno.EINVAL, 'failed to disable mirror mode: there are still images with mirroring enabled');
      }
    } else {
      for (const r of rows) disableImageMirroring(core, r.image_id, { force: false });
    }
  }
  // cls mirror_mode_set removes the pool's mirror uuid together with the mode.
  const dropUuid = next === 'disabled' ? ", mirror_uuid = ''" : '';
  store.db.prepare(`UPDATE mirror_config SET mode = ?${dropUuid} WHERE pool_id = ? AND namespace = ?`)
    .run(MODE_NAMES.indexOf(next), poolId, ns);
}

/** librbd peer_site_remove: unlinks the peer from every mirror snapshot of snapshot-mode images
 *  (of every namespace); a snapshot left without peers goes when a newer mirror snapshot exists. */
function unlinkPeerFromSnapshots(core: LocalCore, poolId: number, uuid: string): void {
  const snaps = core.store.db.prepare(`SELECT s.image_id, s.snap_id, s.peer_uuids FROM snapshots s
    JOIN mirror_images m ON m.image_id = s.image_id JOIN images i ON i.id = s.image_id
    WHERE i.pool_id = ? AND m.mode = ${IMAGE_MODE_SNAPSHOT} AND s.namespace_type = 'mirror'
    ORDER BY s.image_id, s.snap_id`).all(poolId) as { image_id: string; snap_id: number; peer_uuids: string }[];
  for (const s of snaps) {
    if (!(JSON.parse(s.peer_uuids) as string[]).includes(uuid)) continue;
    unlinkPeerFromSnapshot(core, s.image_id, s.snap_id, uuid, { allowRemove: true });
  }
}

/** Everything of MirrorPoolApi but bootstrap (mirror-pool-bootstrap.ts, which builds on this file). */
export function mirrorPoolApi(core: LocalCore): Omit<MirrorPoolApi, 'bootstrapCreate' | 'bootstrapImport'> {
  const updatePeer = (pool: string, uuid: string, column: 'client_name' | 'direction', value: string | number) => {
    const { store } = core;
    store.tx(() => {
      const id = store.poolId(pool);
      requirePeer(store, id, uuid);
      if (column === 'direction' && value !== DIRECTION_NAMES.indexOf('tx-only')) checkSingleRxPeer(store, id, uuid);
      store.db.prepare(`UPDATE peers SET ${column} = ? WHERE pool_id = ? AND uuid = ?`).run(value, id, uuid);
    });
  };
  return {
    getSiteName: async () => siteNameOf(core.store),
    // Stored as given (librbd trims a copy it then ignores); '' removes it.
    setSiteName: async (name) => {
      const { store } = core;
      store.tx(() => store.setConfigKey(SITE_NAME_KEY, name === '' ? undefined : name));
    },
    getMirrorMode: async (ref) => modeOf(core.store, core.store.poolRefId(ref), ref.namespace),
    setMirrorMode: async (ref, mode) => {
      const { store } = core;
      store.tx(() => setModeInTx(core, ref, store.poolRefId(ref), mode));
    },
    getMirrorUuid: async (ref) => {
      const id = core.store.poolRefId(ref);
      const row = core.store.db.prepare('SELECT mirror_uuid FROM mirror_config WHERE pool_id = ? AND namespace = ?')
        .get(id, ref.namespace) as { mirror_uuid: string } | undefined;
      return row?.mirror_uuid ?? '';
    },
    listPeers: async (pool) => peersOf(core.store, core.store.poolId(pool)),
    addPeer: async (pool, peer) => {
      const { store } = core;
      return store.tx(() => {
        const id = store.poolId(pool);
        checkPeerAdd(store, id, peer, core.opts.cluster);
        // in the insert's transaction: parallel adds cannot all pass it
        checkSingleRxPeer(store, id);
        return insertPeer(store, id, peer);
      });
    },
    removePeer: async (pool, uuid) => {
      const { store } = core;
      store.tx(() => {
        const id = store.poolId(pool);
        store.setConfigKey(attrKey(id, uuid), undefined);
        store.db.prepare('DELETE FROM peers WHERE pool_id = ? AND uuid = ?').run(id, uuid);
        unlinkPeerFromSnapshots(core, id, uuid);
      });
    },
    setPeerClient: async (pool, uuid, clientName) => updatePeer(pool, uuid, 'client_name', clientName),
    setPeerSiteName: async (pool, uuid, siteName) => {
      if (siteName === core.opts.cluster) throw new RbdError(Errno.EINVAL, 'cannot set self as remote peer');
      const { store } = core;
      store.tx(() => renamePeer(store, store.poolId(pool), uuid, siteName));
    },
    setPeerDirection: async (pool, uuid, direction) => updatePeer(pool, uuid, 'direction', DIRECTION_NAMES.indexOf(direction)),
    getPeerAttributes: async (pool, uuid) => peerAttributesOf(core.store, core.store.poolId(pool), uuid),
    setPeerAttributes: async (pool, uuid, attrs) => {
      const { store } = core;
      store.tx(() => writePeerAttributes(store, store.poolId(pool), uuid, attrs));
    },
  };
}
