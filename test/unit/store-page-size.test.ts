// New stores use 32 KiB pages (a 4 KiB image block fits in its page instead of spilling into an
// overflow page); a store created with SQLite's default 4 KiB pages opens and works as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, test } from 'vitest';
import { headPoint, imageRowById, readRange, writeExtents } from '../../src/backends/local/image-data.js';
import { migrate } from '../../src/backends/local/schema.js';
import { DB_FILE, LocalStore, STORE_PAGE_SIZE } from '../../src/backends/local/store.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'rbdm-page-size-'));
  dirs.push(d);
  return d;
};
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const pageSize = (store: LocalStore) => store.db.pragma('page_size', { simple: true });

/** Writes and reads back a block-sized pattern through the data layer, on a fresh image row. */
function roundTrip(store: LocalStore): Buffer {
  const { db } = store;
  store.tx(() => {
    // (a storage-engine test: the rows image-data.test.ts makes the same way)
    db.prepare("INSERT INTO pools (id, name, created) VALUES (1, 'rbd', 0)").run();
    db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
      VALUES ('img1', 1, '', 'i', 1048576, 22, 1, 0, 0, 0)`).run();
  });
  const data = Buffer.alloc(12288, 7);
  store.tx(() => writeExtents(db, imageRowById(db, 'img1'), [{ offset: 4096, data }]));
  const image = imageRowById(db, 'img1');
  return readRange(db, image, headPoint(image), 4096, data.length);
}

test('a new store has 32 KiB pages', () => {
  const store = LocalStore.openOrCreate(tempDir(), 'c');
  try {
    expect(STORE_PAGE_SIZE).toBe(32768);
    expect(pageSize(store)).toBe(STORE_PAGE_SIZE);
  } finally {
    store.close();
  }
});

test('a store made with 4 KiB pages keeps them, opens and stores data', () => {
  const dir = tempDir();
  const old = new Database(join(dir, DB_FILE));
  old.pragma('journal_mode = WAL');
  migrate(old);
  old.close();
  for (const open of [() => LocalStore.openOrCreate(dir, 'c'), () => LocalStore.open(dir, 'c')]) {
    const store = open();
    try {
      expect(pageSize(store)).toBe(4096);
    } finally {
      store.close();
    }
  }
  const store = LocalStore.openOrCreate(dir, 'c');
  try {
    expect(roundTrip(store).equals(Buffer.alloc(12288, 7))).toBe(true);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    store.close();
  }
});
