// cephx on the local backend: a client authenticates with the key the cluster's auth table holds
// for it. One check for every way in (a bootstrap token's user, a peer the daemon connects to); a
// client that presents no key is refused like a wrong one. Caps are checked here too, where the
// daemon and its peers use them (rules/caps.ts says what each role needs).
import { Errno, RbdError, strerror } from '../../errors.js';
import { monCapsAllow, osdCapsAllowRbd, roleProfile } from '../../rules/caps.js';
import type { LocalStore } from './store.js';

interface AuthRow { key: string; caps: string }

function authRow(store: LocalStore, entity: string): AuthRow | undefined {
  return entity ? store.db.prepare('SELECT key, caps FROM auth WHERE entity = ?').get(entity) as AuthRow | undefined : undefined;
}

const refused = (entity: string) =>
  new RbdError(Errno.EACCES, `authentication of ${entity || 'an unnamed client'} failed: ${strerror(Errno.EACCES)}`);

export function authenticate(store: LocalStore, entity: string, key: string | undefined): void {
  const row = authRow(store, entity);
  if (!row || key === undefined || key === '' || row.key !== key) throw refused(entity);
}

function capsOf(store: LocalStore, entity: string): Record<string, string> {
  const row = authRow(store, entity);
  if (!row) throw refused(entity);
  return JSON.parse(row.caps) as Record<string, string>;
}

/** The osd caps a client needs for image data: EPERM as an OSD refuses the op. */
function requireRbdOsdCaps(entity: string, caps: Record<string, string>): void {
  if (!osdCapsAllowRbd(caps.osd)) {
    throw new RbdError(Errno.EPERM, `${entity} may not access rbd images: its osd caps '${caps.osd ?? ''}' lack 'profile rbd': ${strerror(Errno.EPERM)}`);
  }
}

/** The peer user a remote daemon connects as: authenticated, then its mon caps must allow the
 *  peer role (EACCES, as the monitor refuses a command) and its osd caps image data. Run again on
 *  every pass, so revoking a key or a cap stops replication at the next poll. */
export function authorizePeer(store: LocalStore, entity: string, key: string | undefined): void {
  authenticate(store, entity, key);
  const caps = capsOf(store, entity);
  if (!monCapsAllow(caps.mon, 'rbd-mirror-peer')) {
    throw new RbdError(Errno.EACCES,
      `${entity} may not act as an rbd-mirror peer: its mon caps '${caps.mon ?? ''}' lack '${roleProfile('rbd-mirror-peer')}': ${strerror(Errno.EACCES)}`);
  }
  requireRbdOsdCaps(entity, caps);
}

/** What the daemon's own user may do on its cluster. A local client holds the store file rather
 *  than a key (as the admin keyring on a Ceph host), so only the entity and its caps are checked:
 *  an unknown entity cannot connect at all (Ceph: authentication fails, the daemon exits). */
export interface DaemonAuthority {
  entity: string;
  /** `profile rbd-mirror` (or allow *) mon caps: may read the peers' keys stored in the cluster
   *  (config-key rbd/mirror/peer/...). Without them Ceph's daemon only finds keyring files. */
  readsPeerKeys: boolean;
  mon: string;
  /** Throws unless the osd caps allow image data (checked per pool, as Ceph fails each pool). */
  requireImageAccess(): void;
}

export function daemonAuthority(store: LocalStore, entity: string): DaemonAuthority {
  const caps = capsOf(store, entity);
  return {
    entity,
    readsPeerKeys: monCapsAllow(caps.mon, 'rbd-mirror'),
    mon: caps.mon ?? '',
    requireImageAccess: () => requireRbdOsdCaps(entity, caps),
  };
}

/** Why a peer without a readable key was refused, when the daemon's caps are the cause. */
export function peerKeyUnreadable(daemon: DaemonAuthority, peerEntity: string): RbdError {
  return new RbdError(Errno.EACCES,
    `authentication of ${peerEntity} failed: the peer's key is stored in the cluster but ${daemon.entity}'s mon caps ` +
    `'${daemon.mon}' lack '${roleProfile('rbd-mirror')}' to read it, and no keyring file holds it: ${strerror(Errno.EACCES)}`);
}
