// `rbd mirror pool peer add|remove|set`: rbd's argument checks, the single-RX-peer restriction
// and its messages, over the backend's peer calls.
import type { Backend } from '../backends/backend.js';
import { MULTIPLE_RX_PEERS, PEER_DIRECTIONS, type PeerAttributes, type PeerDirection } from '../backends/types.js';
import { Errno, RbdError, isRbdError, strerror, withContext } from '../errors.js';
import { readKeyFile } from './input-files.js';
import { openPool } from './open.js';
import { requireMirroringEnabled } from './pool-mode.js';
import type { ResolvedPool } from './specs.js';

export interface PeerAddOptions {
  spec?: string;
  remoteClientName?: string;
  remoteCluster?: string;
  remoteMonHost?: string;
  remoteKeyFile?: string;
  direction?: string;
}

// `[client.<id>@]<cluster>`: anything but `/` and `@` is a cluster name (even `not a spec!`).
const REMOTE_SPEC = /^(?:(client\.[^@]+)@)?([^/@]+)$/;
const UUID = /^[A-F0-9]{8}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{4}-[A-F0-9]{12}$/i;

/** rbd's get_remote_cluster_spec: options first, the positional spec wins. */
function remoteClusterSpec(opts: PeerAddOptions, ownEntity: string) {
  let clientName = opts.remoteClientName ?? ownEntity;
  let cluster = opts.remoteCluster ?? '';
  const attributes: PeerAttributes = {};
  if (opts.remoteMonHost !== undefined) attributes.mon_host = opts.remoteMonHost;
  if (opts.remoteKeyFile !== undefined) attributes.key = readKeyFile(opts.remoteKeyFile);
  if (opts.spec) {
    const m = REMOTE_SPEC.exec(opts.spec);
    if (!m) throw new RbdError(Errno.EINVAL, `invalid spec '${opts.spec}'`);
    if (m[1] !== undefined) clientName = m[1];
    cluster = m[2]!;
  }
  if (!cluster) throw new RbdError(Errno.EINVAL, 'remote cluster was not specified');
  return { clientName, cluster, attributes };
}

/** Only one peer that receives (rx-only or rx-tx) is allowed; tx-only peers do not count. The
 *  local backend checks again in the write's transaction (concurrent adds). */
async function checkSingleRxPeer(backend: Backend, pool: string, except?: string): Promise<void> {
  const rx = (await backend.listPeers(pool)).filter((p) => p.direction !== 'tx-only' && p.uuid !== except);
  if (rx.length) throw new RbdError(Errno.EINVAL, MULTIPLE_RX_PEERS);
}

/** Returns the new peer's uuid. */
export async function addPeer(backend: Backend, ref: ResolvedPool, opts: PeerAddOptions): Promise<string> {
  const { clientName, cluster, attributes } = remoteClusterSpec(opts, backend.entityName);
  await openPool(backend, ref);
  await requireMirroringEnabled(backend, ref);
  await checkSingleRxPeer(backend, ref.pool);
  const direction = (opts.direction ?? 'rx-tx') as PeerDirection;
  let uuid: string;
  try {
    uuid = await backend.addPeer(ref.pool, { direction, siteName: cluster, clientName });
  } catch (e) {
    if (isRbdError(e, Errno.EEXIST)) throw new RbdError(e.errno, 'mirror peer already exists');
    if (isRbdError(e) && e.message === MULTIPLE_RX_PEERS) throw e;
    if (isRbdError(e)) throw withContext(e, 'error adding mirror peer');
    throw e;
  }
  if (Object.keys(attributes).length) await setAttributes(backend, ref.pool, uuid, attributes);
  return uuid;
}

function checkUuid(uuid: string | undefined): string {
  if (!uuid) throw new RbdError(Errno.EINVAL, 'must specify peer uuid');
  if (!UUID.test(uuid)) throw new RbdError(Errno.EINVAL, `invalid uuid '${uuid}'`);
  return uuid;
}

/** Removing a uuid that is not registered succeeds, as in librbd. */
export async function removePeer(backend: Backend, ref: ResolvedPool, uuidArg: string | undefined): Promise<void> {
  const uuid = checkUuid(uuidArg);
  await openPool(backend, ref);
  await requireMirroringEnabled(backend, ref);
  try {
    await backend.removePeer(ref.pool, uuid);
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(e.errno, 'error removing mirror peer');
    throw e;
  }
}

const PEER_SET_KEYS = ['client', 'cluster', 'direction', 'key-file', 'mon-host', 'site-name'];

/** Returns the non-fatal warnings rbd prints on stderr. An empty `client`/`cluster` value gets
 *  a complaint yet is stored all the same (rbd 16.2 does exactly that and exits 0). */
export async function setPeer(backend: Backend, ref: ResolvedPool, uuidArg: string | undefined,
  key: string | undefined, value = ''): Promise<string[]> {
  const uuid = checkUuid(uuidArg);
  if (key === undefined || !PEER_SET_KEYS.includes(key)) {
    throw new RbdError(Errno.EINVAL, `must specify ${PEER_SET_KEYS.map((k) => `'${k}'`).join(', ')} key.`);
  }
  const warnings: string[] = [];
  let keyFileValue: string | undefined;
  if (value === '' && (key === 'client' || key === 'cluster')) warnings.push(`rbd: must specify new ${key} value.`);
  else if (key === 'key-file') keyFileValue = readKeyFile(value);
  await openPool(backend, ref);
  await requireMirroringEnabled(backend, ref);
  try {
    if (key === 'client') await backend.setPeerClient(ref.pool, uuid, value);
    else if (key === 'site-name' || key === 'cluster') await backend.setPeerSiteName(ref.pool, uuid, value);
    else if (key === 'direction') {
      const direction = PEER_DIRECTIONS.find((d) => d === value);
      if (!direction) throw new RbdError(Errno.EINVAL, 'invalid direction');
      if (direction !== 'tx-only') await checkSingleRxPeer(backend, ref.pool, uuid);
      await backend.setPeerDirection(ref.pool, uuid, direction);
    } else await updateAttribute(backend, ref.pool, uuid, key === 'mon-host' ? 'mon_host' : 'key', keyFileValue ?? value);
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT)) throw new RbdError(e.errno, `mirror peer ${uuid} does not exist`);
    throw e;
  }
  return warnings;
}

/** rbd's update_peer_config_key: an empty value removes the attribute. */
async function updateAttribute(backend: Backend, pool: string, uuid: string, name: keyof PeerAttributes, value: string): Promise<void> {
  const attributes = { ...await backend.getPeerAttributes(pool, uuid) };
  if (value === '') delete attributes[name];
  else attributes[name] = value;
  await setAttributes(backend, pool, uuid, attributes);
}

async function setAttributes(backend: Backend, pool: string, uuid: string, attributes: PeerAttributes): Promise<void> {
  try {
    await backend.setPeerAttributes(pool, uuid, attributes);
  } catch (e) {
    if (isRbdError(e, Errno.EPERM)) throw new RbdError(e.errno, 'permission denied attempting to set peer config-key secrets in the monitor');
    if (isRbdError(e, Errno.ENOENT)) throw e;
    if (isRbdError(e)) throw new RbdError(e.errno, `failed to update mirroring peer config: ${strerror(e.errno)}`);
    throw e;
  }
}
