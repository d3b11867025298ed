// Opens better-sqlite3 with its native addon located explicitly, so the bundled CLI does not pay
// for the `bindings` lookup on every call.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export function openSqlite(file: string, opts: { readonly?: boolean; create?: boolean } = {}): Db {
  const db = new Database(file, { nativeBinding: nativeBinding(), fileMustExist: !opts.create, readonly: !!opts.readonly });
  // WAL lets readers run beside one writer (rbd calls beside a running daemon); the busy timeout
  // makes concurrent writers queue instead of failing with SQLITE_BUSY.
  db.pragma('busy_timeout = 15000');
  if (!opts.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}
