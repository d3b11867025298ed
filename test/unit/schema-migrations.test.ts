// Schema migrations: a new store has the latest schema, and a store from before the last
// migrations gets them on its next open (here: the covering index of block versions by epoch, and
// the index of whiteouts).
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
    expect(indexes(store.db)).toEqual(['image_blocks_changes', 'image_blocks_version', 'image_blocks_whiteouts']);
    expect(store.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  } finally {
    store.close();
  }
});

test('a store from before the last two migrations gets them, its rows kept', () => {
  const dir = tempDir();
  const raw = new Database(join(dir, DB_FILE));
  raw.pragma('journal_mode = WAL');
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  for (const sql of MIGRATIONS.slice(0, -2)) raw.exec(sql);
  raw.pragma(`user_version = ${MIGRATIONS.length - 2}`);
  raw.exec(`INSERT INTO pools (id, name, created) VALUES (1, 'rbd', 0);
    INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES ('img1', 1, '', 'i', 1048576, 22, 1, 0, 0, 0);
    INSERT INTO image_blocks (image_id, block_no, epoch, data) VALUES ('img1', 3, 0, x'01'), ('img1', 3, 2, NULL);`);
  expect(indexes(raw)).toContain('image_blocks_epoch');
  migrate(raw);
  expect(indexes(raw)).toEqual(['image_blocks_changes', 'image_blocks_version', 'image_blocks_whiteouts']);
  expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
  expect(raw.prepare('SELECT block_no, epoch FROM image_blocks INDEXED BY image_blocks_changes WHERE image_id = ? AND epoch >= 0').all('img1'))
    .toEqual([{ block_no: 3, epoch: 0 }, { block_no: 3, epoch: 2 }]);
  expect(raw.prepare('SELECT block_no, epoch FROM image_blocks INDEXED BY image_blocks_whiteouts WHERE image_id = ? AND data IS NULL').all('img1'))
    .toEqual([{ block_no: 3, epoch: 2 }]);
  raw.close();
});

test("a snapshot's removal finds the image's whiteouts through their index, not a scan of its blocks", () => {
  const store = LocalStore.openOrCreate(tempDir(), 'test');
  try {
    // the trigger's whiteout cleanup, as the planner sees it
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN DELETE FROM image_blocks WHERE image_id = ? AND data IS NULL
      AND NOT EXISTS (SELECT 1 FROM image_blocks o WHERE o.image_id = image_blocks.image_id
                      AND o.block_no = image_blocks.block_no AND o.epoch < image_blocks.epoch)`).all('img1') as { detail: string }[];
    expect(plan[0]!.detail).toBe('SEARCH image_blocks USING INDEX image_blocks_whiteouts (image_id=?)');
    const trigger = store.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'image_blocks_snapshot_gc'").get() as { sql: string };
    expect(trigger.sql).toContain('DELETE FROM image_blocks WHERE image_id = OLD.image_id AND data IS NULL');
  } finally {
    store.close();
  }
});
