// cephx on the local backend: a client authenticates with the key the cluster's auth table holds
// for it. One check for every way in (a bootstrap token's user, a peer the daemon connects to); a
// client that presents no key is refused like a wrong one.
import { Errno, RbdError, strerror } from '../../errors.js';
import type { LocalStore } from './store.js';

export function authenticate(store: LocalStore, entity: string, key: string | undefined): void {
  const row = entity ? store.db.prepare('SELECT key FROM auth WHERE entity = ?').get(entity) as { key: string } | undefined : undefined;
  if (!row || key === undefined || key === '' || row.key !== key) {
    throw new RbdError(Errno.EACCES, `authentication of ${entity || 'an unnamed client'} failed: ${strerror(Errno.EACCES)}`);
  }
}
