// snapl: a clone's data on the local store: read-through within the overlap, copy-up on write,
// its own zeros hiding the parent, shrink cutting the overlap, rollback and flatten.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { parentLink } from '../../src/backends/local/clone-data.js';
import { linkParent } from '../../src/backends/local/clones.js';
import {
  flattenClone,
  discardRange, headPoint, imageRowById, readRange, resizeImage, rollbackToSnapshot, writeExtents, type ImageRow,
} from '../../src/backends/local/image-data.js';
import { LocalStore } from '../../src/backends/local/store.js';

const K = 4096;
let store: LocalStore;

function newImage(id: string, size = 64 * K): ImageRow {
  store.db.prepare(`INSERT INTO images (id, pool_id, namespace, name, size, order_bits, features, created, modified, accessed)
    VALUES (?, 1, '', ?, ?, 14, 1, 0, 0, 0)`).run(id, `img-${id}`, size);
  return imageRowById(store.db, id);
}
function snap(image: ImageRow, name: string): number {
  const id = image.snap_seq + 1;
  store.db.prepare('INSERT INTO snapshots (image_id, snap_id, name, size, created) VALUES (?, ?, ?, ?, 0)').run(image.id, id, name, image.size);
  store.db.prepare('UPDATE images SET snap_seq = ? WHERE id = ?').run(id, image.id);
  image.snap_seq = id;
  return id;
}
const fill = (byte: number, n: number) => Buffer.alloc(n, byte);
const write = (image: ImageRow, offset: number, data: Buffer) => store.tx(() => writeExtents(store.db, image, [{ offset, data }], { asMirrorDaemon: true }));
const head = (image: ImageRow) => readRange(store.db, image, headPoint(image), 0, image.size);
const fresh = (id: string) => imageRowById(store.db, id);

let parent: ImageRow;
let clone: ImageRow;
beforeEach(() => {
  store = LocalStore.openOrCreate(mkdtempSync(join(tmpdir(), 'rbdm-clone-')), 'test');
  store.db.prepare("INSERT INTO pools (id, name, created) VALUES (1, 'rbd', 0)").run();
  parent = newImage('p');
  write(parent, 0, fill(1, 16 * K));
  const s = snap(parent, 's');
  write(parent, 0, fill(9, 64 * K)); // the parent's head moves on; the clone sees the snapshot
  clone = newImage('c');
  store.tx(() => linkParent(store.db, 'c', 'p', s, 64 * K, 2));
});

test('reads fall through to the parent snapshot; a partial write copies the block up', () => {
  expect(head(clone).subarray(0, 16 * K)).toEqual(fill(1, 16 * K));
  expect(head(clone).subarray(16 * K)).toEqual(fill(0, 48 * K));
  write(clone, 100, fill(5, 10));
  const data = head(fresh('c'));
  expect(data.subarray(0, 100)).toEqual(fill(1, 100));
  expect(data.subarray(100, 110)).toEqual(fill(5, 10));
  expect(data.subarray(110, 16 * K)).toEqual(fill(1, 16 * K - 110));
});

test('a discard is the clone\'s own zeros; a shrink cuts the overlap for good', () => {
  store.tx(() => discardRange(store.db, clone, 0, 8 * K, { asMirrorDaemon: true }));
  expect(head(fresh('c')).subarray(0, 16 * K)).toEqual(Buffer.concat([fill(0, 8 * K), fill(1, 8 * K)]));
  store.tx(() => resizeImage(store.db, fresh('c'), 12 * K, { asMirrorDaemon: true }));
  store.tx(() => resizeImage(store.db, fresh('c'), 64 * K, { asMirrorDaemon: true }));
  expect(parentLink(store.db, 'c')!.overlap).toBe(12 * K);
  expect(head(fresh('c')).subarray(8 * K, 16 * K)).toEqual(Buffer.concat([fill(1, 4 * K), fill(0, 4 * K)]));
});

test('rollback to a snapshot of the clone reads the parent again where the clone had nothing', () => {
  const s = snap(clone, 'cs');
  write(fresh('c'), 0, fill(7, 16 * K));
  store.tx(() => rollbackToSnapshot(store.db, fresh('c'), s, { asMirrorDaemon: true }));
  expect(head(fresh('c')).subarray(0, 16 * K)).toEqual(fill(1, 16 * K));
});

test('flatten keeps every point in time readable without the parent', () => {
  write(clone, 0, fill(3, K));
  const s = snap(fresh('c'), 'cs');
  write(fresh('c'), 4 * K, fill(4, K));
  const [before, beforeSnap] = [head(fresh('c')), readRange(store.db, fresh('c'), { snapId: s, size: 64 * K }, 0, 64 * K)];
  store.tx(() => flattenClone(store.db, fresh('c'), parentLink(store.db, 'c')!));
  expect(parentLink(store.db, 'c')).toBeUndefined();
  expect(head(fresh('c'))).toEqual(before);
  expect(readRange(store.db, fresh('c'), { snapId: s, size: 64 * K }, 0, 64 * K)).toEqual(beforeSnap);
  expect(beforeSnap.subarray(4 * K, 5 * K)).toEqual(fill(1, K));
});
