// Peer bootstrap on the local backend (librbd peer_bootstrap_create / peer_bootstrap_import).
// A token's mon_host `local:<absolute cluster dir>` is how one local cluster reaches another.
import { decodeToken, encodeToken } from '../../rules/token.js';
import { Errno, RbdError, strerror } from '../../errors.js';
import type { MirrorPoolApi } from '../backend.js';
import type { MirrorMode, PeerDirection } from '../types.js';
import { authenticate } from './cephx.js';
import type { LocalCore } from './core.js';
import {
  checkPeerAdd, modeOf, peersOf, insertPeer, renamePeer, setModeInTx, siteNameOf, writePeerAttributes,
} from './mirror-pool.js';
import { localClusterDirOf, LocalStore, newCephxKey } from './store.js';

const PEER_CLIENT_ID_KEY = 'rbd/mirror/peer_client_id';
const DEFAULT_PEER_CLIENT_ID = 'rbd-mirror-peer';
const PEER_CAPS = { mon: 'profile rbd-mirror-peer', osd: 'profile rbd' };

interface BootstrapUser { clientId: string; key: string; exists: boolean }

/** create_bootstrap_user without writing: the id from config-key and the user's key, or a fresh
 *  key when the user does not exist yet. Caps that differ from librbd's → EEXIST, as librbd maps
 *  the mon's EINVAL for `auth get-or-create` with other caps. */
function bootstrapUser(store: LocalStore): BootstrapUser {
  const clientId = store.getConfigKey(PEER_CLIENT_ID_KEY) || DEFAULT_PEER_CLIENT_ID;
  const row = store.db.prepare('SELECT key, caps FROM auth WHERE entity = ?').get(`client.${clientId}`) as
    { key: string; caps: string } | undefined;
  if (!row) return { clientId, key: newCephxKey(), exists: false };
  const caps = JSON.parse(row.caps) as Record<string, string>;
  const same = Object.keys(caps).length === 2 && caps.mon === PEER_CAPS.mon && caps.osd === PEER_CAPS.osd;
  if (!same) throw new RbdError(Errno.EEXIST, 'mismatch with pre-existing RBD mirroring peer user caps');
  return { clientId, key: row.key, exists: true };
}

/** Writes what bootstrapUser() planned; inside a transaction. */
function saveBootstrapUser(store: LocalStore, user: BootstrapUser): void {
  if (!store.getConfigKey(PEER_CLIENT_ID_KEY)) store.setConfigKey(PEER_CLIENT_ID_KEY, user.clientId);
  if (!user.exists) {
    store.db.prepare('INSERT OR IGNORE INTO auth (entity, key, caps) VALUES (?, ?, ?)')
      .run(`client.${user.clientId}`, user.key, JSON.stringify(PEER_CAPS));
  }
}

export function bootstrapCreate(core: LocalCore, pool: string): string {
  const { store } = core;
  return store.tx(() => {
    const poolId = store.poolId(pool);
    if (modeOf(store, poolId, '') === 'disabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the pool');
    const user = bootstrapUser(store);
    saveBootstrapUser(store, user);
    const { fsid, monHost } = store.identity();
    return encodeToken({ fsid, client_id: user.clientId, key: user.key, mon_host: monHost });
  });
}

/** rados connect to a peer with its mon_host and cephx credentials (a token's, or a peer's
 *  stored attributes). Only `local:<absolute dir>` is reachable from the local backend; any other
 *  monitor address (a real Ceph monmap) is unreachable, which rados reports as ETIMEDOUT. A
 *  missing user or a wrong key is EACCES. The caller closes the store. */
export function connectToPeer(monHost: string, clientId: string, key: string): LocalStore {
  const unreachable = () => new RbdError(Errno.ETIMEDOUT, `failed to connect to peer cluster: ${strerror(Errno.ETIMEDOUT)}`);
  const dir = localClusterDirOf(monHost);
  if (dir === undefined) throw unreachable();
  let remote: LocalStore;
  try {
    remote = LocalStore.open(dir, dir);
  } catch {
    throw unreachable();
  }
  try {
    authenticate(remote, `client.${clientId}`, key);
  } catch {
    remote.close();
    throw new RbdError(Errno.EACCES, `failed to connect to peer cluster: ${strerror(Errno.EACCES)}`);
  }
  return remote;
}

interface PeerPlan { poolId: number; uuid?: string; rename: boolean }

/** create_bootstrap_peer, checks only: reuse the first peer when it is this site (by name or
 *  fsid), else add one; any other existing peer → EINVAL. */
function planBootstrapPeer(store: LocalStore, poolId: number, direction: PeerDirection, siteName: string, fsid: string,
  clientName: string, selfName?: string, enabling = false): PeerPlan {
  const first = peersOf(store, poolId)[0];
  if (!first) {
    checkPeerAdd(store, poolId, { direction, siteName, clientName }, selfName, { enabling });
    return { poolId, rename: false };
  }
  if (first.siteName !== siteName && first.siteName !== fsid) {
    throw new RbdError(Errno.EINVAL, 'multiple peers are not currently supported');
  }
  return { poolId, uuid: first.uuid, rename: first.siteName !== siteName };
}

function applyBootstrapPeer(store: LocalStore, plan: PeerPlan, direction: PeerDirection, siteName: string,
  clientName: string, attrs: { key: string; mon_host: string }): void {
  let uuid = plan.uuid;
  if (uuid === undefined) uuid = insertPeer(store, plan.poolId, { direction, siteName, clientName });
  else if (plan.rename) renamePeer(store, plan.poolId, uuid, siteName);
  writePeerAttributes(store, plan.poolId, uuid, attrs);
}

export function bootstrapImport(core: LocalCore, pool: string, direction: PeerDirection, tokenText: string): void {
  if (direction === 'tx-only') throw new RbdError(Errno.EINVAL, 'invalid mirror peer direction');
  const token = decodeToken(tokenText);
  const local = core.store;
  const localFsid = local.identity().fsid;
  const localSite = siteNameOf(local);
  const remote = connectToPeer(token.mon_host, token.client_id, token.key);
  try {
    // Every check first, reading both clusters; nothing is written until they all pass.
    const remoteFsid = remote.identity().fsid;
    if (remoteFsid === localFsid) throw new RbdError(Errno.EINVAL, 'cannot import token for local cluster');
    if (remoteFsid !== token.fsid) throw new RbdError(Errno.EINVAL, 'unexpected remote cluster fsid');
    const remoteSite = siteNameOf(remote);
    if (remoteSite === localSite) throw new RbdError(Errno.EINVAL, 'cannot import token for duplicate site name');
    const remotePool = remote.db.prepare('SELECT id FROM pools WHERE name = ?').get(pool) as { id: number } | undefined;
    if (!remotePool) throw new RbdError(Errno.ENOENT, 'remote pool does not exist');
    const remoteMode = modeOf(remote, remotePool.id, '');
    if (remoteMode === 'disabled') throw new RbdError(Errno.ENOSYS, 'mirroring is not enabled on remote peer');

    const localPoolId = local.poolId(pool);
    const autoEnable: MirrorMode | undefined = modeOf(local, localPoolId, '') === 'disabled' ? remoteMode : undefined;
    const localUser = direction === 'rx-tx' ? bootstrapUser(local) : undefined;
    const remoteClient = localUser && `client.${localUser.clientId}`;
    const planRemote = () => planBootstrapPeer(remote, remotePool.id, 'rx-tx', localSite, localFsid, remoteClient!);
    const planLocal = () => planBootstrapPeer(local, localPoolId, direction, remoteSite, remoteFsid,
      `client.${token.client_id}`, core.opts.cluster, autoEnable !== undefined);
    if (localUser) planRemote();
    planLocal();

    // Remote side first, then the local side, each in its own transaction (re-planned inside it,
    // so a concurrent change is seen). If the local one fails after the remote one committed, the
    // remote holds a peer for this site that the local side does not know yet; re-running the
    // import repairs that: the remote peer is found by site name and reused (attributes refreshed
    // with the then current key), the local steps are redone. Every step is idempotent, so a
    // half-done import is finished by running it again.
    if (localUser) {
      remote.tx(() => applyBootstrapPeer(remote, planRemote(), 'rx-tx', localSite, remoteClient!,
        { key: localUser.key, mon_host: local.identity().monHost }));
    }
    local.tx(() => {
      if (autoEnable) setModeInTx(core, { pool, namespace: '' }, localPoolId, autoEnable);
      if (localUser) saveBootstrapUser(local, localUser);
      applyBootstrapPeer(local, planLocal(), direction, remoteSite, `client.${token.client_id}`,
        { key: token.key, mon_host: token.mon_host });
    });
  } finally {
    remote.close();
  }
}

export function mirrorBootstrapApi(core: LocalCore): Pick<MirrorPoolApi, 'bootstrapCreate' | 'bootstrapImport'> {
  return {
    bootstrapCreate: async (pool) => bootstrapCreate(core, pool),
    bootstrapImport: async (pool, direction, token) => bootstrapImport(core, pool, direction, token),
  };
}
