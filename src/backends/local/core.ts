// Shared state of one local-backend session: the options, the lazily opened store, and config.
import { CONFIG_OPTIONS } from '../../config/options.js';
import { Errno, RbdError } from '../../errors.js';
import type { BackendOptions } from '../backend.js';
import { clusterDir, LocalStore } from './store.js';

export class LocalCore {
  readonly opts: BackendOptions;
  readonly dir: string;
  private opened?: LocalStore;

  constructor(opts: BackendOptions, env: NodeJS.ProcessEnv = process.env) {
    this.opts = opts;
    this.dir = clusterDir(opts.cluster, env);
  }

  /** The cluster's store; ENOENT (and nothing created) when the cluster does not exist. */
  get store(): LocalStore {
    return (this.opened ??= LocalStore.open(this.dir, this.opts.cluster));
  }

  /** The store, creating the cluster on first use: only `rbd pool init` may do this. */
  createStore(): LocalStore {
    return (this.opened ??= LocalStore.openOrCreate(this.dir, this.opts.cluster));
  }

  get entityName(): string {
    if (this.opts.name) return this.opts.name;
    return `client.${this.opts.id ?? 'admin'}`;
  }

  /** Effective config value: command-line override > cluster setting > default. */
  config(name: string): string {
    const override = this.opts.configOverrides[name];
    if (override !== undefined) return override;
    const row = this.store.db.prepare('SELECT value FROM config WHERE name = ?').get(name) as { value: string } | undefined;
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
