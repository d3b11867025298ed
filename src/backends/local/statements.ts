// Prepared statements kept per connection for the data path: compiling the SQL is a large part
// of a small statement's cost, and the block and journal paths run a few statements per 4 KiB.
// Only for statements used with get/all/run (an iterate() in progress would make a shared
// statement busy) and never with raw()/pluck()/expand(), which change the statement for everyone.
import type Database from 'better-sqlite3';
import type { Db } from './sqlite.js';

type Statement = Database.Statement<unknown[]>;
const caches = new WeakMap<Db, Map<string, Statement>>();

export function cached(db: Db, sql: string): Statement {
  let byText = caches.get(db);
  if (!byText) caches.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}
