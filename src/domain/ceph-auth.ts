// `ceph auth ...`: the monitor's (AuthMonitor's) argument rules, the same on both backends.
import type { Backend } from '../backends/backend.js';
import type { AuthEntry } from '../backends/types.js';
import { Errno, RbdError } from '../errors.js';

const ENTITY_TYPES = ['client', 'mon', 'osd', 'mds', 'mgr'];
const CAP_SERVICES = ['mon', 'osd', 'mds', 'mgr'];

/** `client.rbd-mirror.a`: a known type, a dot, a non-empty id without control characters. */
export function parseEntity(entity: string | undefined): string {
  const e = entity ?? '';
  const dot = e.indexOf('.');
  if (dot < 1 || !ENTITY_TYPES.includes(e.slice(0, dot)) || dot === e.length - 1 || /[\s\x00-\x1f\x7f/]/.test(e)) {
    throw new RbdError(Errno.EINVAL, 'bad entity name');
  }
  return e;
}

/** `mon 'profile rbd' osd 'profile rbd'` → `{mon: 'profile rbd', osd: 'profile rbd'}`. */
export function parseCaps(words: readonly string[]): Record<string, string> {
  if (words.length % 2 !== 0) throw new RbdError(Errno.EINVAL, 'bad capabilities request; odd number of arguments');
  const caps: Record<string, string> = {};
  for (let i = 0; i < words.length; i += 2) {
    const svc = words[i]!;
    if (!CAP_SERVICES.includes(svc)) throw new RbdError(Errno.EINVAL, `unknown cap type '${svc}'`);
    caps[svc] = words[i + 1]!;
  }
  return caps;
}

export async function authGet(backend: Backend, entity: string | undefined): Promise<AuthEntry> {
  const name = parseEntity(entity);
  const found = await backend.authGet(name);
  if (!found) throw new RbdError(Errno.ENOENT, `failed to find ${name} in keyring`);
  return found;
}

/** `auth get-key`: the mon's own wording for a missing entity differs from `auth get`'s. */
export async function authGetKey(backend: Backend, entity: string | undefined): Promise<string> {
  const name = parseEntity(entity);
  const found = await backend.authGet(name);
  if (!found) throw new RbdError(Errno.ENOENT, `don't have ${name}`);
  return found.key;
}

export async function authGetOrCreate(backend: Backend, entity: string | undefined, caps: readonly string[]): Promise<AuthEntry> {
  const name = parseEntity(entity);
  return backend.authGetOrCreate(name, parseCaps(caps));
}

export async function authCaps(backend: Backend, entity: string | undefined, caps: readonly string[]): Promise<string> {
  const name = parseEntity(entity);
  if (caps.length === 0) throw new RbdError(Errno.EINVAL, 'saw 0 of caps(<string>)..., expected at least 1');
  await backend.authCaps(name, parseCaps(caps));
  return `updated caps for ${name}`;
}

/** The mon's status line: `updated`, or that there was nothing to delete (still exit 0). */
export async function authDel(backend: Backend, entity: string | undefined): Promise<string> {
  const name = parseEntity(entity);
  return (await backend.authDel(name)) ? 'updated' : `entity ${name} does not exist`;
}

export async function authList(backend: Backend): Promise<AuthEntry[]> {
  return backend.authList();
}
