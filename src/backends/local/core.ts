// Shared state of one local-backend session: the options, the lazily opened store, and config.
import { existsSync, linkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClusterConfig, localDirOfConfig, type ClusterConfig } from '../../config/conf-file.js';
import { CONFIG_OPTIONS } from '../../config/options.js';
import { Errno, RbdError } from '../../errors.js';
import type { BackendOptions } from '../backend.js';
import { clusterDir, LocalStore } from './store.js';

/** Store keys of the client sections of the config database: `config/<who>/<option>`. */
export const CLIENT_CONFIG_PREFIX = 'config/';

export class LocalCore {
  readonly opts: BackendOptions;
  readonly dir: string;
  /** The cluster's ceph.conf as it applies to this client (-c, $CEPH_CONF, <dir>/ceph.conf). */
  readonly conf: ClusterConfig;
  private opened?: LocalStore;

  constructor(opts: BackendOptions, env: NodeJS.ProcessEnv = process.env) {
    this.opts = opts;
    this.conf = loadClusterConfig(opts, env);
    // a config file naming a local cluster (`mon host = local:<dir>`) says where it lives
    this.dir = localDirOfConfig(this.conf) ?? clusterDir(opts.cluster, env);
  }

  /** The cluster's store; ENOENT (and nothing created) when the cluster does not exist. */
  get store(): LocalStore {
    return (this.opened ??= LocalStore.open(this.dir, this.opts.cluster));
  }

  /** The store, creating the cluster on first use: only `ceph osd pool create` may do this. */
  createStore(): LocalStore {
    if (!this.opened) {
      this.opened = LocalStore.openOrCreate(this.dir, this.opts.cluster);
      writeOwnConf(this.dir, this.opened);
    }
    return this.opened;
  }

  get entityName(): string {
    if (this.opts.name) return this.opts.name;
    return `client.${this.opts.id ?? 'admin'}`;
  }

  /** Effective config value: command-line override > cluster setting > default. */
  config(name: string): string {
    const override = this.opts.configOverrides[name];
    if (override !== undefined) return override;
    // Ceph's order: the local file overrides the monitor's database ([client.<id>] > [client] > global)
    const fromFile = this.conf.values[name];
    if (fromFile !== undefined) return fromFile;
    const { store } = this;
    for (const section of [this.entityName, 'client']) {
      const v = store.getConfigKey(`${CLIENT_CONFIG_PREFIX}${section}/${name}`);
      if (v !== undefined) return v;
    }
    const row = store.db.prepare('SELECT value FROM config WHERE name = ?').get(name) as { value: string } | undefined;
    if (row) return row.value;
    const opt = CONFIG_OPTIONS[name];
    if (!opt) throw new RbdError(Errno.ENOENT, `unrecognized config option '${name}'`);
    return opt.default;
  }

  configInt(name: string): number {
    return Number.parseInt(this.config(name), 10);
  }

  close(): void {
    this.opened?.close();
  }
}

/** A new local cluster gets its own ceph.conf, so that every tool (and a human) can tell it is
 *  local and where it lives: `rbd -c <dir>/ceph.conf ...` reaches it from anywhere. */
function writeOwnConf(dir: string, store: LocalStore): void {
  const file = join(dir, 'ceph.conf');
  if (existsSync(file)) return;
  const { fsid, monHost } = store.identity();
  // Written beside it and linked into place: a call choosing its backend while a new cluster is
  // being made must never read a half-written file (it would take the cluster for a Ceph one).
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `# local rbdm cluster '${store.cluster}'\n[global]\n\tfsid = ${fsid}\n\tmon host = ${monHost}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;   // another process wrote it first
  } finally {
    unlinkSync(tmp);
  }
}
