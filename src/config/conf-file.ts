// Ceph configuration files (`ceph.conf`), read as Ceph's ConfigProxy reads them: `[global]`,
// `[client]` and `[client.<id>]` sections, later ones overriding earlier ones for that entity;
// `rbd default features`, `rbd_default_features` and `rbd-default-features` are one option;
// `;` and `#` start comments; `$cluster`, `$id`, `$name` are expanded in values.
//
// Which file: `-c PATH`, else `$CEPH_CONF`, else the local cluster's own
// `$RBDM_HOME/<cluster>/ceph.conf`, else `/etc/ceph/<cluster>.conf`. A file whose `mon host` is
// `local:<cluster dir>` (or that sets `rbdm backend = local`) belongs to a local cluster.
// Used by rbd, ceph and (through loadClusterConfig) the rbd-mirror daemon.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ConfSections = Map<string, Map<string, string>>;

/** `rbd default features` / `rbd-default-features` → `rbd_default_features`. */
export function normaliseOptionName(name: string): string {
  return name.trim().replace(/[\s-]+/g, '_').toLowerCase();
}

export function parseCephConf(text: string): ConfSections {
  const sections: ConfSections = new Map();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)[;#].*$/, '').trim();
    if (!line) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || !current) continue;
    let value = line.slice(eq + 1).trim();
    if (/^".*"$/.test(value)) value = value.slice(1, -1);
    current.set(normaliseOptionName(line.slice(0, eq)), value);
  }
  return sections;
}

export interface ConfLocation { cluster: string; conf?: string; id?: string; name?: string }

/** $RBDM_HOME (same rule as the local store's). */
function home(env: NodeJS.ProcessEnv): string {
  if (env.RBDM_HOME) return resolve(env.RBDM_HOME);
  return join(env.XDG_DATA_HOME || join(env.HOME ?? '', '.local', 'share'), 'rbdm');
}

/** The local cluster's own config file, whether or not it exists. */
export function localConfPath(cluster: string, env: NodeJS.ProcessEnv): string {
  return join(home(env), cluster, 'ceph.conf');
}

/** The file a call reads: the first of -c, $CEPH_CONF, the local default, /etc/ceph that exists
 *  (an explicit -c or $CEPH_CONF is returned even when missing: the caller reports it). */
export function confPath(loc: ConfLocation, env: NodeJS.ProcessEnv): string | undefined {
  if (loc.conf) return loc.conf;
  if (env.CEPH_CONF) return env.CEPH_CONF;
  for (const p of [localConfPath(loc.cluster, env), `/etc/ceph/${loc.cluster}.conf`]) if (existsSync(p)) return p;
  return undefined;
}

export interface ClusterConfig {
  /** The file read; undefined when there is none. */
  path?: string;
  /** Options for this entity: [global] < [client] < [client.<id>], underscore names. */
  values: Record<string, string>;
}

function entityOf(loc: ConfLocation): string {
  return loc.name ?? `client.${loc.id ?? 'admin'}`;
}

/** Reads the cluster's config file for the entity (the daemon calls this too). */
export function loadClusterConfig(loc: ConfLocation, env: NodeJS.ProcessEnv = process.env): ClusterConfig {
  const path = confPath(loc, env);
  if (!path || !existsSync(path)) return { path, values: {} };
  const sections = parseCephConf(readFileSync(path, 'utf8'));
  const entity = entityOf(loc);
  const values: Record<string, string> = {};
  for (const s of ['global', entity.split('.')[0]!, entity]) for (const [k, v] of sections.get(s) ?? []) values[k] = v;
  const vars: Record<string, string> = { cluster: loc.cluster, name: entity, id: entity.slice(entity.indexOf('.') + 1), type: entity.split('.')[0]! };
  for (const k of Object.keys(values)) values[k] = values[k]!.replace(/\$(cluster|name|id|type)\b/g, (_, v: string) => vars[v]!);
  return { path, values };
}

/** The local cluster dir a config names (`mon host = local:<dir>`), if it is a local one. */
export function localDirOfConfig(cfg: ClusterConfig): string | undefined {
  const mon = cfg.values.mon_host ?? '';
  return mon.startsWith('local:') ? mon.slice('local:'.length) : undefined;
}

/** A config file exists for the cluster and says it is a real Ceph cluster (not a local one). */
export function configSaysCeph(loc: ConfLocation, env: NodeJS.ProcessEnv): boolean {
  const cfg = loadClusterConfig(loc, env);
  if (!cfg.path) return false;
  if (!existsSync(cfg.path)) return true;       // an explicit -c/$CEPH_CONF that is missing: Ceph's error
  return cfg.values.rbdm_backend !== 'local' && localDirOfConfig(cfg) === undefined;
}
