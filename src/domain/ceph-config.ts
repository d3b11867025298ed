// `ceph config set|get|rm|dump`: the monitor's config database, global and client sections.
import type { Backend } from '../backends/backend.js';
import type { ConfigEntry } from '../backends/types.js';
import { CONFIG_OPTIONS, invalidConfigValue } from '../config/options.js';
import { Errno, RbdError } from '../errors.js';
import { shownConfigValue } from '../rules/config-values.js';

const isClientSection = (who: string) => who === 'client' || (who.startsWith('client.') && who.length > 7 && !/[\s/\x00-\x1f]/.test(who));

/** set/rm: `global`, `client` or `client.<id>`. */
function target(who: string | undefined): string {
  const w = who ?? '';
  if (w !== 'global' && !isClientSection(w)) throw new RbdError(Errno.EINVAL, `unrecognized config target '${w}'`);
  return w;
}

/** get: an entity (`client`, `client.<id>`): `global` is a section, not an entity. */
function entity(who: string | undefined): string {
  const w = who ?? '';
  if (!isClientSection(w)) throw new RbdError(Errno.EINVAL, `unrecognized entity '${w}'`);
  return w;
}

/** Dashes or underscores; on local only the options rbdm knows (the mon knows its own). */
function optionName(backend: Backend, name: string | undefined): string {
  const n = (name ?? '').replace(/-/g, '_');
  if (!n) throw new RbdError(Errno.EINVAL, 'missing required parameter name(<string>)');
  if (backend.kind === 'local' && !(n in CONFIG_OPTIONS)) throw new RbdError(Errno.EINVAL, `unrecognized config option '${n}'`);
  return n;
}

export async function cephConfigSet(backend: Backend, who: string | undefined, name: string | undefined, value: string | undefined): Promise<void> {
  const w = target(who);
  const n = optionName(backend, name);
  if (value === undefined) throw new RbdError(Errno.EINVAL, 'missing required parameter value(<string>)');
  const bad = n in CONFIG_OPTIONS ? invalidConfigValue(n, value) : undefined;
  if (bad) throw new RbdError(Errno.EINVAL, `error parsing value: ${bad}`);
  await backend.configSetFor(w, n, value);
}

export async function cephConfigRm(backend: Backend, who: string | undefined, name: string | undefined): Promise<void> {
  await backend.configRmFor(target(who), optionName(backend, name));
}

/** `config get <who> <name>`: one value; without a name, the stored options that apply to who. */
export async function cephConfigGet(backend: Backend, who: string | undefined, name: string | undefined): Promise<{ value: string } | { entries: ConfigEntry[] }> {
  const w = entity(who);
  if (name === undefined) {
    const applies = new Set(['global', 'client', w]);
    const dump = (await backend.configDump()).filter((e) => applies.has(e.section));
    // the most specific section wins for each option
    const rank = (s: string) => (s === w ? 2 : s === 'client' ? 1 : 0);
    const best = new Map<string, ConfigEntry>();
    for (const e of dump) if (!best.has(e.name) || rank(e.section) > rank(best.get(e.name)!.section)) best.set(e.name, e);
    return { entries: [...best.values()].sort((a, b) => a.name.localeCompare(b.name)) };
  }
  const n = (name ?? '').replace(/-/g, '_');
  if (backend.kind === 'local' && !(n in CONFIG_OPTIONS)) throw new RbdError(Errno.ENOENT, `unrecognized key '${n}'`);
  return { value: shownConfigValue(n, await backend.configGetFor(w, n)) };
}

/** Sections in the mon's order: global, then client, then each client.<id>. */
export async function cephConfigDump(backend: Backend): Promise<ConfigEntry[]> {
  const rank = (s: string) => (s === 'global' ? 0 : s === 'client' ? 1 : 2);
  return (await backend.configDump())
    .sort((a, b) => rank(a.section) - rank(b.section) || a.section.localeCompare(b.section) || a.name.localeCompare(b.name));
}
