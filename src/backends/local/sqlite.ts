// Opens better-sqlite3 with its native addon located explicitly, so the bundled CLI does not pay
// for the `bindings` lookup on every call.
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** How long a statement waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 15_000;

/** Set by scripts/build.mjs: where the addon is relative to dist/, found at build time, which
 *  spares the bundle a module lookup (~3 ms) on every call. Tests run from src/ and look it up. */
declare const RBDM_SQLITE_ADDON: string | undefined;

let addonPath: string | undefined;
function nativeBinding(): string {
  if (!addonPath) {
    const built = typeof RBDM_SQLITE_ADDON === 'string' ? fileURLToPath(new URL(RBDM_SQLITE_ADDON, import.meta.url)) : undefined;
    const require = createRequire(import.meta.url);
    addonPath = built && existsSync(built) ? built
      : join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', 'better_sqlite3.node');
  }
  return addonPath;
}

export interface OpenOptions {
  readonly?: boolean;
  create?: boolean;
  /** Runs before any pragma writes to the file: throws when the file is not one to use. */
  check?: (db: Db) => unknown;
  /** Page size of a store created by this open (an existing one keeps its own). */
  pageSize?: number;
}

/** Opens the database read-write, or read-only when the file or its file system refuses writes
 *  (reads keep working on a read-only RBDM_HOME; writes then fail with SQLITE_READONLY). */
export function openSqlite(file: string, opts: OpenOptions = {}): Db {
  // URI names only for `immutable` below; plain paths stay plain paths
  process.env.SQLITE_USE_URI ??= '1';
  const open = (readonly: boolean): Db =>
    new Database(readonly && onReadOnlyFs(file) ? `${pathToFileURL(file).href}?immutable=1` : file,
      { nativeBinding: nativeBinding(), fileMustExist: !opts.create, readonly });
  let db: Db;
  let readonly = !!opts.readonly;
  try {
    db = open(readonly);
  } catch (e) {
    if (readonly || opts.create || !refusesWrites(e)) throw e;
    db = open((readonly = true));
  }
  try {
    // the busy timeout makes concurrent writers queue instead of failing with SQLITE_BUSY
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    opts.check?.(db);
    // (only takes effect while the file is still empty: before the first write, WAL's included)
    if (opts.pageSize && !readonly) db.pragma(`page_size = ${opts.pageSize}`);
    // WAL lets readers run beside one writer (rbd calls beside a running daemon)
    if (!readonly) enableWal(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    db.close();
    if (!readonly && !opts.create && refusesWrites(e)) return openSqlite(file, { ...opts, readonly: true });
    throw e;
  }
  return db;
}

/** Switching a new file to WAL needs it alone, and SQLite reports SQLITE_BUSY at once there,
 *  without waiting on the busy timeout, while another process is making the same store (several
 *  `ceph osd pool create` on a new cluster): so wait here, as long as the busy timeout would. */
function enableWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (let pauseMs = 2; ; pauseMs = Math.min(pauseMs * 2, 100)) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
    }
  }
}

/** A WAL database on a read-only file system cannot get its -shm file: SQLite reads it only
 *  as `immutable` (safe there: nothing can change it). */
function onReadOnlyFs(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EROFS';
  }
}

function refusesWrites(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && (/^SQLITE_(READONLY|CANTOPEN)/.test(code) || code === 'EROFS' || code === 'EACCES');
}
