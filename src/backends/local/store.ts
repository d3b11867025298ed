// A local cluster: the directory $RBDM_HOME/<cluster>/ holding one SQLite database.
import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { Errno, quoteName, RbdError, strerror } from '../../errors.js';
import type { ClusterIdentity, PoolRef } from '../types.js';
import { checkClusterName, createPrivateFile, ensureOwnDir, pathUnder, refuseSymlink } from '../../os/safe-fs.js';
import { mapStoreErrors } from './store-errors.js';
import { identifyStore, migrate } from './schema.js';
import { openSqlite, type Db } from './sqlite.js';

/** Page size of new stores. Image data is stored as 4 KiB blocks: in 4 KiB pages each block
 *  spills into an overflow page (two pages read and written per block); 32 KiB pages hold seven
 *  blocks inline. Measured: a block insert 23-27 -> 9 us, a read 8-12 -> 4 us, the daemon's CPU
 *  per 4K journal event 83 -> 44 us, for about the same space (117 vs 119 MiB per 102 MiB of
 *  blocks). An empty store is 1.5 MiB. Stores created before keep their 4 KiB pages. */
export const STORE_PAGE_SIZE = 32768;

export const DB_FILE = 'cluster.db';

/** $RBDM_HOME, else the per-user data directory. */
export function rbdmHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.RBDM_HOME) return resolve(env.RBDM_HOME);
  const data = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(data, 'rbdm');
}

/** `$RBDM_HOME/<cluster>`: the name is one path component (never `..`, `/`, control characters). */
export function clusterDir(cluster: string, env: NodeJS.ProcessEnv = process.env): string {
  checkClusterName(cluster);
  return pathUnder(rbdmHome(env), cluster);
}

const LOCAL_MON_PREFIX = 'local:';

/** A local cluster's mon_host, `local:<absolute cluster dir>`: how one local cluster reaches another. */
export function localMonHost(dir: string): string {
  return `${LOCAL_MON_PREFIX}${resolve(dir)}`;
}

/** The cluster directory a `local:<absolute dir>` mon_host names; undefined for any other address. */
export function localClusterDirOf(monHost: string): string | undefined {
  if (!monHost.startsWith(LOCAL_MON_PREFIX)) return undefined;
  const dir = monHost.slice(LOCAL_MON_PREFIX.length);
  return isAbsolute(dir) ? dir : undefined;
}

/** A cephx secret in Ceph's encoding: base64 of {type=1, created, len=16, 16 random bytes}. */
export function newCephxKey(now = Date.now()): string {
  const b = Buffer.alloc(28);
  b.writeUInt16LE(1, 0);
  b.writeUInt32LE(Math.floor(now / 1000), 2);
  b.writeUInt32LE((now % 1000) * 1e6, 6);
  b.writeUInt16LE(16, 10);
  randomBytes(16).copy(b, 12);
  return b.toString('base64');
}

export class LocalStore {
  readonly db: Db;
  readonly dir: string;
  readonly cluster: string;
  private cachedIdentity?: ClusterIdentity;

  private constructor(db: Db, dir: string, cluster: string) {
    this.db = db;
    this.dir = dir;
    this.cluster = cluster;
  }

  /** Opens an existing cluster; ENOENT when it was never created. Creates and migrates nothing
   *  unless the file is an rbdm store (application id, or an older rbdm schema); a store on a
   *  read-only file system opens read-only and still answers reads. */
  static open(dir: string, cluster: string): LocalStore {
    const file = join(dir, DB_FILE);
    return mapStoreErrors(file, () => {
      refuseSymlink(dir, 'cluster directory');
      refuseSymlink(file, 'cluster store');
      if (!exists(file) || statSync(file).size === 0) {
        throw new RbdError(Errno.ENOENT,
          `couldn't connect to the cluster ${quoteName(cluster)}: no local cluster at ${dir} ` +
          `(create one with 'ceph --cluster ${cluster} osd pool create <pool>')`);
      }
      const db = openSqlite(file, { check: (d) => identifyStore(d) === 'rbdm' || notOurs(file) });
      if (!db.readonly) migrate(db);
      return new LocalStore(db, dir, cluster);
    });
  }

  /** Opens the cluster, creating its directory and database on first use (`ceph osd pool create`). */
  static openOrCreate(dir: string, cluster: string): LocalStore {
    const file = join(dir, DB_FILE);
    return mapStoreErrors(file, () => {
      ensureOwnDir(dir, 'cluster directory');
      // Create the file 0600 before SQLite does; its -wal and -shm files inherit that mode.
      createPrivateFile(file);
      const db = openSqlite(file, { create: true, pageSize: STORE_PAGE_SIZE, check: (d) => identifyStore(d) !== 'foreign' || notOurs(file) });
      if (db.readonly) throw new RbdError(Errno.EROFS, `cannot write ${file}: ${strerror(Errno.EROFS)}`);
      migrate(db);
      const store = new LocalStore(db, dir, cluster);
      store.tx(() => {
        const now = Date.now();
        const res = db.prepare('INSERT OR IGNORE INTO cluster (id, fsid, mon_host, created) VALUES (1, ?, ?, ?)')
          .run(randomUUID(), localMonHost(dir), now);
        if (res.changes) {
          db.prepare('INSERT OR IGNORE INTO auth (entity, key, caps) VALUES (?, ?, ?)')
            .run('client.admin', newCephxKey(now), JSON.stringify({ mon: 'allow *', osd: 'allow *', mgr: 'allow *' }));
        }
      });
      return store;
    });
  }

  /** Runs fn in one write transaction (BEGIN IMMEDIATE: writers queue on the busy timeout). */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  identity(): ClusterIdentity {
    if (!this.cachedIdentity) {
      const row = this.db.prepare('SELECT fsid, mon_host FROM cluster WHERE id = 1').get() as
        { fsid: string; mon_host: string } | undefined;
      if (!row) throw new RbdError(Errno.EIO, `local cluster store at ${this.dir} is not initialised`);
      this.cachedIdentity = { fsid: row.fsid, monHost: row.mon_host };
    }
    return this.cachedIdentity;
  }

  /** Pool id, or the `error opening pool` failure rbd prints. */
  poolId(pool: string): number {
    const row = this.db.prepare('SELECT id FROM pools WHERE name = ?').get(pool) as { id: number } | undefined;
    if (!row) throw poolOpenError(pool);
    return row.id;
  }

  /** Pool id after checking that the namespace exists. */
  poolRefId(ref: PoolRef): number {
    const id = this.poolId(ref.pool);
    if (ref.namespace !== '') {
      const ns = this.db.prepare('SELECT 1 FROM namespaces WHERE pool_id = ? AND name = ?').get(id, ref.namespace);
      if (!ns) throw new RbdError(Errno.ENOENT, `namespace '${ref.namespace}' does not exist.`);
    }
    return id;
  }

  getConfigKey(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM config_key WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setConfigKey(key: string, value: string | undefined): void {
    if (value === undefined) this.db.prepare('DELETE FROM config_key WHERE key = ?').run(key);
    else this.db.prepare('INSERT INTO config_key (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

function notOurs(file: string): never {
  throw new RbdError(Errno.EIO, `${file} is not an rbdm cluster store: refusing to use it`);
}

/** The pool-open failure of rbd; the default pool gets its own wording and a hint. */
export function poolOpenError(pool: string): RbdError {
  return new RbdError(Errno.ENOENT, `error opening pool '${pool}': ${strerror(Errno.ENOENT)}`);
}
