// `rbd config global get|set|remove|list` (tools/rbd/action/Config.cc): cluster-wide overrides
// of rbd_* options, kept by the backend (`ceph config set ...` on Ceph, the store on local).
import type { Backend } from '../backends/backend.js';
import { CONFIG_OPTIONS, invalidConfigValue } from '../config/options.js';
import { Errno, RbdError } from '../errors.js';

export interface ConfigOverride { name: string; value: string; section: string }

/** `global`, `client` or `client.<id>`, as rbd accepts them. */
export function parseConfigEntity(entity: string | undefined): string {
  const e = entity ?? '';
  if (e !== 'global' && e !== 'client' && !e.startsWith('client.')) {
    throw new RbdError(Errno.EINVAL, `invalid config entity: ${e} (must be global, client or client.<id>)`);
  }
  return e;
}

/** An rbd_* option rbdm knows. */
export function parseConfigKey(key: string | undefined): string {
  if (!key) throw new RbdError(Errno.EINVAL, 'config key was not specified');
  if (!key.startsWith('rbd_')) throw new RbdError(Errno.EINVAL, `not rbd option: ${key}`);
  if (!(key in CONFIG_OPTIONS)) throw new RbdError(Errno.EINVAL, `invalid config key: ${key}`);
  return key;
}

// The settings stored in the cluster's global section (what `ceph config dump` lists); client
// sections are never set by this backend interface.
async function globalOverrides(backend: Backend): Promise<ConfigOverride[]> {
  const stored = await backend.listConfig();
  return Object.keys(stored).filter((n) => n.startsWith('rbd_')).sort().map((name) => ({ name, value: stored[name]!, section: 'global' }));
}

function onlyGlobal(entity: string, verb: string): void {
  if (entity !== 'global') {
    throw new RbdError(Errno.EOPNOTSUPP, `error ${verb} config for ${entity}: this backend keeps global overrides only`);
  }
}

export async function configGet(backend: Backend, entity: string | undefined, key: string | undefined): Promise<string> {
  const who = parseConfigEntity(entity);
  const name = parseConfigKey(key);
  const set = (await globalOverrides(backend)).find((o) => o.name === name);
  // rbd shows only a value set in exactly that section
  if (!set || set.section !== who) throw new RbdError(Errno.ENOENT, `${name} is not set`);
  return set.value;
}

export async function configSet(backend: Backend, entity: string | undefined, key: string | undefined, value: string | undefined): Promise<void> {
  const who = parseConfigEntity(entity);
  const name = parseConfigKey(key);
  const v = value ?? '';
  const invalid = invalidConfigValue(name, v);
  if (invalid) throw new RbdError(Errno.EINVAL, `error setting ${name}: ${invalid}`);
  onlyGlobal(who, 'setting');
  await backend.setConfig(name, v);
}

export async function configRemove(backend: Backend, entity: string | undefined, key: string | undefined): Promise<void> {
  const who = parseConfigEntity(entity);
  const name = parseConfigKey(key);
  onlyGlobal(who, 'removing');
  await backend.setConfig(name, undefined);
}

/** Overrides visible to the entity: global ones apply to every client. */
export async function configList(backend: Backend, entity: string | undefined): Promise<ConfigOverride[]> {
  parseConfigEntity(entity);
  return globalOverrides(backend);
}
