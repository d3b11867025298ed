// Schema migrations: a new store has the latest schema, and a store from before the last
// migration gets it on its next open (here: the covering index of block versions by epoch).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { APPLICATION_ID, MIGRATIONS, migrate } from '../../src/backends/local/schema.js';
import { DB_FILE, LocalStore } from '../../src/backends/local/store.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'rbdm-schema-'));
  dirs.push(d);
  return d;
};

const indexes = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'image_blocks' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name);

test('a new store indexes block versions by epoch with their block number', () => {
  const store = LocalStore.openOrCreate(tempDir(), 'test');
  try {
    expect(indexes(store.db)).toEqual(['image_blocks_changes', 'image_blocks_version']);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  } finally {
    store.close();
  }
});

test('a store from before the last migration gets it, its rows kept', () => {
  const dir = tempDir();
  const raw = new Database(join(dir, DB_FILE));
  raw.pragma('journal_mode = WAL');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  for (const sql of MIGRATIONS.slice(0, -1)) raw.exec(sql);
  raw.pragma(`user_version = ${MIGRATIONS.length - 1}`);
  raw.exec(`INSERT INTO pools (id, name, created) VALUES (1, 'rbd', 0);
    INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES ('img1', 1, '', 'i', 1048576, 22, 1, 0, 0, 0);
    INSERT INTO image_blocks (image_id, block_no, epoch, data) VALUES ('img1', 3, 0, x'01');`);
  expect(indexes(raw)).toContain('image_blocks_epoch');
  migrate(raw);
  expect(indexes(raw)).toEqual(['image_blocks_changes', 'image_blocks_version']);
  expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  expect(raw.prepare('SELECT block_no FROM image_blocks INDEXED BY image_blocks_changes WHERE image_id = ? AND epoch >= 0').all('img1'))
    .toEqual([{ block_no: 3 }]);
  raw.close();
});
