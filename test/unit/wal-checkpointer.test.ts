// The daemon's store checkpoints on a worker thread (the built dist/checkpoint-worker.js, which
// `npm test` builds first): the log is copied back beside the writes, settle() waits for a full
// copy past its bound so the next commit restarts the log, and a store whose worker fails goes
// back to checkpointing on its own commits.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openSqlite, type Db } from '../../src/backends/local/sqlite.js';
import { WalCheckpointer } from '../../src/backends/local/wal-checkpointer.js';
import { WalIndex } from '../../src/backends/local/wal-index.js';
import { waitFor } from '../helpers/daemon.js';

const MiB = 1 << 20;
const WORKER = join(import.meta.dirname, '..', '..', 'dist', 'checkpoint-worker.js');
const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); });

/** A scratch WAL database (4 KiB pages) and its wal-index reader. */
function scratch(): { db: Db; file: string; index: WalIndex } {
  const dir = mkdtempSync(join(tmpdir(), 'rbdm-wal-'));
  const file = join(dir, 'scratch.db');
  const db = openSqlite(file, { create: true, pageSize: 4096 });
  db.exec('CREATE TABLE blobs (data BLOB)');
  const index = WalIndex.open(file)!;
  cleanups.push(() => { index.close(); db.close(); rmSync(dir, { recursive: true, force: true }); });
  return { db, file, index };
}

const writeMiB = (db: Db, mib: number) => {
  const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
  db.transaction(() => { for (let i = 0; i < mib * 16; i++) insert.run(Buffer.alloc(64 * 1024, i)); })();
};

const autocheckpoint = (db: Db) => db.pragma('wal_autocheckpoint', { simple: true });

test('the wal-index header gives the frames in the log and the frames copied back', () => {
  const { db, index } = scratch();
  db.pragma('wal_autocheckpoint = 0');
  writeMiB(db, 2);
  const written = index.progress();
  expect(written.frames).toBeGreaterThanOrEqual(512); // 2 MiB of 4 KiB pages
  expect(written.backfilled).toBe(0);
  db.pragma('wal_checkpoint(PASSIVE)');
  expect(index.progress()).toEqual({ frames: written.frames, backfilled: written.frames });
});

test('a worker copies the log back beside the writes; the connection itself no longer checkpoints', async () => {
  const { db, file, index } = scratch();
  const cp = new WalCheckpointer(db, file, { workerFile: WORKER, checkpointBytes: MiB });
  cleanups.push(() => cp.close());
  expect(cp.inBackground).toBe(true);
  expect(autocheckpoint(db)).toBe(0);
  writeMiB(db, 4);
  expect(index.progress().backfilled).toBe(0); // nothing on the commit itself
  await waitFor(() => {
    const p = index.progress();
    return p.backfilled >= p.frames;
  }, 20_000, 'the worker checkpoints the log');
});

test('settle() past the bound waits for the whole log to be copied back, and the next commit restarts it', async () => {
  const { db, file, index } = scratch();
  // (the worker never checkpoints on its own here: only the drain copies the log back)
  const cp = new WalCheckpointer(db, file, { workerFile: WORKER, checkpointBytes: 1 << 30, drainBytes: 2 * MiB });
  cleanups.push(() => cp.close());
  await cp.settle(); // below the bound: at once
  writeMiB(db, 4);
  const before = index.progress();
  expect(before.backfilled).toBe(0);
  await cp.settle();
  expect(index.progress()).toEqual({ frames: before.frames, backfilled: before.frames });
  writeMiB(db, 1);
  expect(index.progress().frames).toBeLessThan(before.frames); // written from the log's start again
});

test('a failed worker hands checkpoints back to the connection, and a waiting settle() returns', async () => {
  const { db, file } = scratch();
  const dir = mkdtempSync(join(tmpdir(), 'rbdm-wal-worker-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const failing = join(dir, 'fails.cjs');
  writeFileSync(failing, "require('node:worker_threads').parentPort.on('message', () => { throw new Error('disk on fire'); });\n");
  const cp = new WalCheckpointer(db, file, { workerFile: failing, drainBytes: MiB });
  cleanups.push(() => cp.close());
  expect(autocheckpoint(db)).toBe(0);
  writeMiB(db, 2);
  await cp.settle(); // the drain request makes the worker fail: the wait ends with it
  await waitFor(() => !cp.inBackground, 20_000, 'the checkpointer notices the failed worker');
  expect(autocheckpoint(db)).toBeGreaterThan(0);
});

test('without a worker (background off) the connection checkpoints on its commits', async () => {
  const { db, file } = scratch();
  const cp = new WalCheckpointer(db, file, { background: false });
  cleanups.push(() => cp.close());
  expect(cp.inBackground).toBe(false);
  expect(autocheckpoint(db)).toBe((512 * MiB) / 4096);
  await cp.settle();
});
