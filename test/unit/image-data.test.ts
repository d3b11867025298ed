// The local store's image data: sparse blocks, copy-on-write snapshots, fast-diff, journal, EROFS.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import {
  changedObjects, discardRange, existingObjects, headPoint, imageRowById, readObjectChunk, readRange, readStoredExtents, resizeImage,
  writeExtents, type ImageRow,
} from '../../src/backends/local/image-data.js';
import { changedBlockRuns } from '../../src/backends/local/image-io.js';
import {
  commitJournalPosition, journalHead, readJournalEntries, registerJournalClient,
} from '../../src/backends/local/journal.js';
import { LocalStore } from '../../src/backends/local/store.js';
import { isRbdError } from '../../src/errors.js';

const MiB = 1 << 20;
let store: LocalStore;

function newImage(id: string, opts: { size?: number; order?: number; features?: number } = {}): ImageRow {
  const now = Date.now();
  store.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
    VALUES (?, 1, '', ?, ?, ?, ?, ?, ?, ?)`).run(id, `img-${id}`, opts.size ?? 64 * MiB, opts.order ?? 22, opts.features ?? 1, now, now, now);
  return imageRowById(store.db, id);
}

/** Takes a snapshot as librbd does: the next snap id, recorded as the image's snap_seq. */
function snap(image: ImageRow, name: string): number {
  const id = image.snap_seq + 1;
  store.db.prepare('INSERT INTO snapshots (image_id, snap_id, name, size, created) VALUES (?, ?, ?, ?, ?)').run(image.id, id, name, image.size, Date.now());
  store.db.prepare('UPDATE images SET snap_seq = ? WHERE id = ?').run(id, image.id);
  image.snap_seq = id;
  return id;
}

const fill = (byte: number, n: number) => Buffer.alloc(n, byte);
const write = (image: ImageRow, offset: number, data: Buffer) => store.tx(() => writeExtents(store.db, image, [{ offset, data }]));
const head = (image: ImageRow, offset: number, length: number) => readRange(store.db, image, headPoint(image), offset, length);
const atSnap = (image: ImageRow, snapId: number, offset: number, length: number) =>
  readRange(store.db, image, { snapId, size: image.size }, offset, length);
const blockRows = (image: ImageRow) =>
  (store.db.prepare('SELECT COUNT(*) AS n FROM image_blocks WHERE image_id = ?').get(image.id) as { n: number }).n;

beforeEach(() => {
  const dir = mkdtempSync(join(tmpdir(), 'rbdm-data-'));
  store = LocalStore.openOrCreate(dir, 'test');
  store.db.prepare("INSERT INTO pools (id, name, created) VALUES (1, 'rbd', 0)").run();
});

describe('sparse objects', () => {
  test('a new image stores nothing and reads zeros', () => {
    const image = newImage('a');
    expect(head(image, 0, 8192).equals(Buffer.alloc(8192))).toBe(true);
    expect(blockRows(image)).toBe(0);
    expect(readObjectChunk(store.db, image, headPoint(image), 3)).toEqual({ offset: 12 * MiB, length: 4 * MiB });
  });

  test('a write reads back and occupies only the blocks it touched', () => {
    const image = newImage('a');
    write(image, 5 * MiB + 100, fill(7, 4096));
    expect(head(image, 5 * MiB + 100, 4096).equals(fill(7, 4096))).toBe(true);
    expect(head(image, 5 * MiB, 100).equals(Buffer.alloc(100))).toBe(true);
    expect(blockRows(image)).toBe(2); // two 4 KiB blocks
    expect([...existingObjects(store.db, image, 'head')]).toEqual([1]);
  });

  test('reads past the end are shortened, reads starting past it are EINVAL', () => {
    const image = newImage('a', { size: MiB });
    expect(head(image, MiB - 10, 100).length).toBe(10);
    expect(() => head(image, MiB + 1, 1)).toThrow(expect.objectContaining({ errno: 22 }));
  });

  test('writing zeros over data frees the block', () => {
    const image = newImage('a');
    write(image, 0, fill(1, 65536));
    write(image, 0, Buffer.alloc(65536));
    expect(blockRows(image)).toBe(0);
  });

  test('a 4K object size image works block by block', () => {
    const image = newImage('a', { size: MiB, order: 12 });
    write(image, 4000, fill(9, 200));
    expect(head(image, 4000, 200).equals(fill(9, 200))).toBe(true);
    expect(changedObjects(store.db, image, null, 'head')).toEqual([0, 1]);
  });
});

describe('batched writes', () => {
  test('2048 sequential 4K writes in one batch land exactly', () => {
    const image = newImage('a');
    const extents = Array.from({ length: 2048 }, (_, i) => ({ offset: i * 4096, data: fill((i % 250) + 1, 4096) }));
    store.tx(() => writeExtents(store.db, image, extents));
    expect(head(image, 4096 * 100, 4096).equals(fill(101, 4096))).toBe(true);
    expect(changedObjects(store.db, image, null, 'head')).toEqual([0, 1]);
  });
});

describe('snapshots', () => {
  test('a snapshot keeps its data after the head changes (copy-on-write)', () => {
    const image = newImage('a');
    write(image, 0, fill(1, 8192));
    const s1 = snap(image, 's1');
    write(image, 4096, fill(2, 4096));
    expect(atSnap(image, s1, 0, 8192).equals(fill(1, 8192))).toBe(true);
    expect(head(image, 0, 8192).equals(Buffer.concat([fill(1, 4096), fill(2, 4096)]))).toBe(true);
    // The second write after the snapshot updates the copy in place.
    expect(blockRows(image)).toBe(3);
    write(image, 4096, fill(3, 10));
    expect(blockRows(image)).toBe(3);
    // The daemon rewriting the same bytes changes nothing; a client's write marks the block.
    store.tx(() => writeExtents(store.db, image, [{ offset: 0, data: fill(1, 4096) }], { asMirrorDaemon: true }));
    expect(blockRows(image)).toBe(3);
    write(image, 0, fill(1, 4096));
    expect(blockRows(image)).toBe(4);
    expect(atSnap(image, s1, 4096, 10).equals(fill(1, 10))).toBe(true);
  });

  test('the objects changed between snapshots are known without reading data', () => {
    const image = newImage('a');
    write(image, 0, fill(1, 10));
    write(image, 8 * MiB, fill(1, 10));
    const s1 = snap(image, 's1');
    write(image, 4 * MiB, fill(2, 10));
    const s2 = snap(image, 's2');
    write(image, 8 * MiB, fill(3, 10));
    expect(changedObjects(store.db, image, null, s1)).toEqual([0, 2]);
    expect(changedObjects(store.db, image, s1, s2)).toEqual([1]);
    expect(changedObjects(store.db, image, s2, 'head')).toEqual([2]);
    expect(changedObjects(store.db, image, s1, 'head')).toEqual([1, 2]);
  });

  test("the daemon's changed runs come from the index: block-exact, cut at objects, readable as stored since the base", () => {
    const image = newImage('a', { size: 16 * MiB });
    write(image, 0, fill(1, 8 * MiB));
    const s1 = snap(image, 's1');
    write(image, 4 * MiB - 8192, fill(2, 16384)); // two blocks either side of the object 0/1 boundary
    store.tx(() => discardRange(store.db, image, 6 * MiB, 4096)); // a whiteout is a changed block too
    write(image, 16 * MiB - 4096, fill(3, 4096)); // the last block
    const s2 = snap(image, 's2');
    const runs = changedBlockRuns(store.db, image, s1, { snapId: s2, size: image.size });
    expect(runs).toEqual([
      { offset: 4 * MiB - 8192, length: 8192, exists: true },
      { offset: 4 * MiB, length: 8192, exists: true },
      { offset: 6 * MiB, length: 4096, exists: true },
      { offset: 16 * MiB - 4096, length: 4096, exists: true },
    ]);
    // read as stored since s1, at s2: the new data, nothing for the whiteout
    const at = { snapId: s2, size: image.size };
    const stored = (o: number, n: number) => readStoredExtents(store.db, image, at, o, n, s1);
    expect(stored(4 * MiB - 8192, 16384).map((e) => [e.offset, e.data.length, e.data[0]])).toEqual([
      [4 * MiB - 8192, 4096, 2], [4 * MiB - 4096, 4096, 2], [4 * MiB, 4096, 2], [4 * MiB + 4096, 4096, 2],
    ]);
    expect(stored(6 * MiB, 4096)).toEqual([]);
    // a range cut inside a block returns the stored buffer cut to it
    expect(readStoredExtents(store.db, image, at, 100, 200).map((e) => [e.offset, e.data.length, e.data[0]])).toEqual([[100, 200, 1]]);
    // past the snapshot's size: nothing
    expect(changedBlockRuns(store.db, image, s1, { snapId: s2, size: 4 * MiB })).toEqual([{ offset: 4 * MiB - 8192, length: 8192, exists: true }]);
  });

  test('removing a snapshot frees the versions only it read', () => {
    const image = newImage('a');
    write(image, 0, fill(1, 10));
    const s1 = snap(image, 's1');
    write(image, 0, fill(2, 10));
    expect(blockRows(image)).toBe(2);
    store.db.prepare('DELETE FROM snapshots WHERE image_id = ? AND snap_id = ?').run(image.id, s1);
    expect(blockRows(image)).toBe(1);
    expect(head(image, 0, 10).equals(fill(2, 10))).toBe(true);
  });

  test('discard after a snapshot leaves a whiteout, the snapshot still reads its data', () => {
    const image = newImage('a');
    write(image, 0, fill(1, 65536));
    const s1 = snap(image, 's1');
    store.tx(() => discardRange(store.db, image, 0, 65536));
    expect(head(image, 0, 16).equals(Buffer.alloc(16))).toBe(true);
    expect(atSnap(image, s1, 0, 16).equals(fill(1, 16))).toBe(true);
    expect([...existingObjects(store.db, image, 'head')]).toEqual([]);
    expect(changedObjects(store.db, image, s1, 'head')).toEqual([0]);
  });

  test('removing the image removes its data', () => {
    const image = newImage('a');
    write(image, 0, fill(1, 10));
    snap(image, 's1');
    store.db.prepare('DELETE FROM images WHERE id = ?').run(image.id);
    expect(blockRows(image)).toBe(0);
  });
});

describe('resize', () => {
  test('shrink drops data past the end; growing back reads zeros; a snapshot keeps its data', () => {
    const image = newImage('a', { size: 8 * MiB });
    write(image, 0, fill(5, 8 * MiB));
    const s1 = snap(image, 's1');
    store.tx(() => resizeImage(store.db, image, 3 * MiB + 5));
    expect(imageRowById(store.db, 'a').size).toBe(3 * MiB + 5);
    store.tx(() => resizeImage(store.db, image, 8 * MiB));
    expect(head(image, 3 * MiB, 10).equals(Buffer.concat([fill(5, 5), Buffer.alloc(5)]))).toBe(true);
    expect(head(image, 7 * MiB, 10).equals(Buffer.alloc(10))).toBe(true);
    expect(atSnap(image, s1, 7 * MiB, 10).equals(fill(5, 10))).toBe(true);
  });
});

describe('mirroring: non-primary images are read-only', () => {
  for (const promotion of ['non-primary', 'orphan']) {
    test(`${promotion}: EROFS and nothing changes`, () => {
      const image = newImage('a');
      write(image, 0, fill(1, 10));
      store.db.prepare("INSERT INTO mirror_images (image_id, global_id, mode, state, promotion) VALUES (?, 'g', 1, 1, ?)").run(image.id, promotion);
      let err: unknown;
      try { write(image, 0, fill(2, 10)); } catch (e) { err = e; }
      expect(isRbdError(err, 30)).toBe(true);
      expect(() => store.tx(() => resizeImage(store.db, image, MiB))).toThrow(expect.objectContaining({ errno: 30 }));
      expect(head(image, 0, 10).equals(fill(1, 10))).toBe(true);
      // The rbd-mirror daemon's path writes anyway.
      store.tx(() => writeExtents(store.db, image, [{ offset: 0, data: fill(3, 10) }], { asMirrorDaemon: true }));
      expect(head(image, 0, 10).equals(fill(3, 10))).toBe(true);
    });
  }
});

describe('journal', () => {
  test('entries are written in the same transaction as the data', () => {
    const image = newImage('j', { features: 1 | 4 | 64 });
    store.tx(() => registerJournalClient(store.db, image.id, 'peer-uuid'));
    write(image, 100, fill(1, 10));
    // A batch that fails half way leaves neither data nor journal behind.
    expect(() => store.tx(() => writeExtents(store.db, image, [{ offset: 0, data: fill(2, 10) }, { offset: 65 * MiB, data: fill(2, 1) }])))
      .toThrow(expect.objectContaining({ errno: 22 }));
    expect(head(image, 0, 10).equals(Buffer.alloc(10))).toBe(true);
    const entries = readJournalEntries(store.db, image.id, 0);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ tid: 1, type: 'write', offset: 100, length: 10 });
    expect(entries[0]!.data!.equals(fill(1, 10))).toBe(true);
    expect(journalHead(store.db, image.id).lastTid).toBe(1);
  });

  test('commit positions trim what every client has', () => {
    const image = newImage('j', { features: 1 | 4 | 64 });
    store.tx(() => { registerJournalClient(store.db, image.id, 'a'); registerJournalClient(store.db, image.id, 'b'); });
    for (let i = 0; i < 3; i++) write(image, i * 10, fill(i + 1, 10));
    store.tx(() => commitJournalPosition(store.db, image.id, 'a', 3));
    expect(readJournalEntries(store.db, image.id, 0)).toHaveLength(3);
    store.tx(() => commitJournalPosition(store.db, image.id, 'b', 2));
    expect(readJournalEntries(store.db, image.id, 0).map((e) => e.tid)).toEqual([3]);
  });

  test('with no client registered nothing is kept, tids still advance', () => {
    const image = newImage('j', { features: 1 | 4 | 64 });
    write(image, 0, fill(1, 10));
    expect(readJournalEntries(store.db, image.id, 0)).toEqual([]);
    expect(journalHead(store.db, image.id).lastTid).toBe(1);
    const c = store.tx(() => registerJournalClient(store.db, image.id, 'late'));
    expect(c.commitTid).toBe(1);
  });
});

describe('rollback', () => {
  test('the head returns to the snapshot, the snapshot stays readable', async () => {
    const { rollbackToSnapshot } = await import('../../src/backends/local/image-data.js');
    const image = newImage('r');
    write(image, 0, fill(1, 70000));
    const s1 = snap(image, 's1');
    write(image, 10, fill(2, 10));
    write(image, 5 * MiB, fill(3, 10));
    store.tx(() => rollbackToSnapshot(store.db, image, s1));
    expect(head(image, 0, 70000).equals(fill(1, 70000))).toBe(true);
    expect(head(image, 5 * MiB, 10).equals(Buffer.alloc(10))).toBe(true);
    expect(atSnap(image, s1, 0, 20).equals(fill(1, 20))).toBe(true);
    expect(changedObjects(store.db, image, s1, 'head')).toEqual([0]);
  });
});
