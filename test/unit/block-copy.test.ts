// The store-to-store copy in SQL (block-copy.ts) against the copy it stands in for: the source's
// stored extents read out and written with the daemon's writeExtents. Both must leave the same
// rows, the same reads and the same journal; where the SQL copy cannot, it must change nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { copyAttachedBlocks, inTransactionWithSource } from '../../src/backends/local/block-copy.js';
import {
  discardRange, headPoint, imageRowById, readRange, readStoredExtents, writeExtents, type ImageRow, type ReadPoint,
} from '../../src/backends/local/image-data.js';
import { journalHead, registerJournalClient } from '../../src/backends/local/journal.js';
import { DB_FILE, LocalStore } from '../../src/backends/local/store.js';
import { FEATURES } from '../../src/backends/types.js';

const MiB = 1 << 20;
const OBJECT = 4 * MiB;
const SIZE = 16 * MiB;
let source: LocalStore;
let direct: LocalStore;
let viaDriver: LocalStore;

function newStore(): LocalStore {
  const store = LocalStore.openOrCreate(mkdtempSync(join(tmpdir(), 'rbdm-block-copy-')), 'test');
  store.db.prepare("INSERT INTO pools (id, name, created) VALUES (1, 'rbd', 0)").run();
  return store;
}

function newImage(store: LocalStore, id: string, features = 1, size = SIZE): ImageRow {
  const now = Date.now();
  store.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
    VALUES (?, 1, '', ?, ?, 22, ?, ?, ?, ?)`).run(id, `img-${id}`, size, features, now, now, now);
  return imageRowById(store.db, id);
}

function snap(store: LocalStore, image: ImageRow, name: string): number {
  const id = imageRowById(store.db, image.id).snap_seq + 1;
  store.db.prepare('INSERT INTO snapshots (image_id, snap_id, name, size, created) VALUES (?, ?, ?, ?, ?)').run(image.id, id, name, image.size, Date.now());
  store.db.prepare('UPDATE images SET snap_seq = ? WHERE id = ?').run(id, image.id);
  return id;
}

const fill = (byte: number, n: number) => Buffer.alloc(n, byte);
const write = (store: LocalStore, image: ImageRow, offset: number, data: Buffer) =>
  store.tx(() => writeExtents(store.db, imageRowById(store.db, image.id), [{ offset, data }]));
const rows = (store: LocalStore, id: string) =>
  store.db.prepare('SELECT block_no, epoch, hex(data) AS data FROM image_blocks WHERE image_id = ? ORDER BY block_no, epoch').all(id);
const whole = (store: LocalStore, id: string) => {
  const image = imageRowById(store.db, id);
  return readRange(store.db, image, headPoint(image), 0, image.size);
};

/** The SQL copy of [start, end) from `source` into `direct`'s image. */
function copyDirect(id: string, at: ReadPoint, start: number, end: number, into = direct): number | undefined {
  return inTransactionWithSource(into.db, join(source.dir, DB_FILE), (attached) => {
    expect(attached).toBe(true);
    return copyAttachedBlocks(into.db, id, at, id, start, end);
  });
}

/** The same range read out of the source and written by the daemon's writeExtents. */
function copyThroughDriver(id: string, at: ReadPoint, start: number, end: number): number {
  const extents = readStoredExtents(source.db, imageRowById(source.db, id), at, start, end - start);
  if (extents.length === 0) return 0;
  viaDriver.tx(() => writeExtents(viaDriver.db, imageRowById(viaDriver.db, id), extents, { asMirrorDaemon: true }));
  return end - start;
}

/** A source image with versions at three epochs, a whiteout and a never-written object. */
function sourceWithHistory(id: string): { s1: number; s2: number } {
  const image = newImage(source, id);
  write(source, image, 0, fill(1, 2 * OBJECT));
  const s1 = snap(source, image, 's1');
  write(source, image, 4096, fill(2, 8192));
  source.tx(() => discardRange(source.db, imageRowById(source.db, id), OBJECT + 65536, 65536));
  const s2 = snap(source, image, 's2');
  write(source, image, 2 * OBJECT + 12288, fill(3, 20000));
  return { s1, s2 };
}

beforeEach(() => {
  source = newStore();
  direct = newStore();
  viaDriver = newStore();
});

describe('copying stored blocks from an attached store', () => {
  test('the head: the same rows, reads and byte counts as the copy through the driver', () => {
    sourceWithHistory('a');
    for (const store of [direct, viaDriver]) newImage(store, 'a');
    const at = headPoint(imageRowById(source.db, 'a'));
    for (let o = 0; o < SIZE / OBJECT; o++) {
      const [start, end] = [o * OBJECT, (o + 1) * OBJECT];
      expect(copyDirect('a', at, start, end)).toBe(copyThroughDriver('a', at, start, end));
    }
    expect(rows(direct, 'a')).toEqual(rows(viaDriver, 'a'));
    expect(whole(direct, 'a').equals(whole(source, 'a'))).toBe(true);
    expect(rows(direct, 'a').length).toBeGreaterThan(0);
  });

  test('a snapshot reads the versions before it, not the later ones', () => {
    const points = [['x1', sourceWithHistory('x1').s1], ['x2', sourceWithHistory('x2').s2]] as const;
    for (const [id, snapId] of points) {
      for (const store of [direct, viaDriver]) newImage(store, id);
      const at = { snapId, size: SIZE };
      for (let o = 0; o < SIZE / OBJECT; o++) {
        expect(copyDirect(id, at, o * OBJECT, (o + 1) * OBJECT)).toBe(copyThroughDriver(id, at, o * OBJECT, (o + 1) * OBJECT));
      }
      expect(rows(direct, id)).toEqual(rows(viaDriver, id));
    }
    expect(whole(direct, 'x1').equals(Buffer.concat([fill(1, 2 * OBJECT), Buffer.alloc(2 * OBJECT)]))).toBe(true);
    const s2 = whole(direct, 'x2');
    expect(s2.subarray(4096, 12288).equals(fill(2, 8192))).toBe(true);
    expect(s2.subarray(OBJECT + 65536, OBJECT + 131072).equals(Buffer.alloc(65536))).toBe(true);
    expect(s2.subarray(2 * OBJECT).equals(Buffer.alloc(2 * OBJECT))).toBe(true);
  });

  test('a journaling target hands out the same journal tids as the copy through the driver', () => {
    sourceWithHistory('a');
    for (const store of [direct, viaDriver]) newImage(store, 'a', 1 | FEATURES.journaling);
    const at = headPoint(imageRowById(source.db, 'a'));
    copyDirect('a', at, 0, OBJECT);
    copyThroughDriver('a', at, 0, OBJECT);
    expect(journalHead(direct.db, 'a').lastTid).toBe(journalHead(viaDriver.db, 'a').lastTid);
    expect(journalHead(direct.db, 'a').lastTid).toBe(OBJECT / 4096);
  });

  test('where it cannot copy exactly it returns undefined and writes nothing', () => {
    sourceWithHistory('a');
    const target = newImage(direct, 'a', 1 | FEATURES.journaling);
    const at = headPoint(imageRowById(source.db, 'a'));
    // a target that already holds data in the range
    write(direct, target, OBJECT, fill(9, 4096));
    const before = rows(direct, 'a');
    expect(copyDirect('a', at, OBJECT, 2 * OBJECT)).toBeUndefined();
    // a range that ends inside a block
    expect(copyDirect('a', at, 0, OBJECT - 100)).toBeUndefined();
    // a journal that a connected client reads
    direct.tx(() => registerJournalClient(direct.db, 'a', 'peer'));
    expect(copyDirect('a', at, 2 * OBJECT, 3 * OBJECT)).toBeUndefined();
    expect(rows(direct, 'a')).toEqual(before);
    // a clone on either side
    const other = newImage(viaDriver, 'a');
    viaDriver.db.prepare("INSERT INTO image_parents VALUES ('a', 'p', 1, ?, 2)").run(SIZE);
    expect(copyDirect('a', at, 0, OBJECT, viaDriver)).toBeUndefined();
    expect(rows(viaDriver, other.id)).toEqual([]);
  });

  test('the copy holds the target\'s write lock only: the source cluster stays writable', () => {
    sourceWithHistory('a');
    newImage(direct, 'a');
    const sourceWriter = LocalStore.open(source.dir, 'test');
    const targetWriter = LocalStore.open(direct.dir, 'test');
    sourceWriter.db.pragma('busy_timeout = 0');
    targetWriter.db.pragma('busy_timeout = 0');
    const seen = inTransactionWithSource(direct.db, join(source.dir, DB_FILE), () => {
      copyAttachedBlocks(direct.db, 'a', headPoint(imageRowById(source.db, 'a')), 'a', 0, OBJECT);
      const sourceFree = (() => { try { sourceWriter.tx(() => sourceWriter.db.prepare("UPDATE images SET modified = 1 WHERE id = 'a'").run()); return true; } catch { return false; } })();
      const targetFree = (() => { try { targetWriter.tx(() => undefined); return true; } catch { return false; } })();
      return { sourceFree, targetFree };
    });
    expect(seen).toEqual({ sourceFree: true, targetFree: false });
    // a source that cannot be attached: a plain transaction of the target
    expect(inTransactionWithSource(direct.db, join(source.dir, 'missing', DB_FILE), (attached) => attached)).toBe(false);
    // and the source is attached only while the transaction runs
    expect(direct.db.prepare('PRAGMA database_list').all().map((d) => (d as { name: string }).name)).toEqual(['main']);
  });
});
