// Opens better-sqlite3 with its native addon located explicitly, so the bundled CLI does not pay
// for the `bindings` lookup on every call.
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

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
    db.pragma('busy_timeout = 15000');
    opts.check?.(db);
    // (only takes effect while the file is still empty: before the first write, WAL's included)
    if (opts.pageSize && !readonly) db.pragma(`page_size = ${opts.pageSize}`);
    // WAL lets readers run beside one writer (rbd calls beside a running daemon)
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    db.close();
    if (!readonly && !opts.create && refusesWrites(e)) return openSqlite(file, { ...opts, readonly: true });
    throw e;
  }
  return db;
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
