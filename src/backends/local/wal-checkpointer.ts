// Checkpoints of the daemon's own store on a worker thread (checkpoint-worker.ts), beside its
// writes: copying the write-ahead log back into the database and the two fsyncs around it were
// a third of a full sync's time on the daemon's one thread. The log stays bounded: past
// DRAIN_BYTES the daemon's next settle() waits for the worker to copy it all back, and the next
// commit then restarts it. Without a worker (sources run by the unit tests, or a worker that
// failed), the connection checkpoints itself every FALLBACK_BYTES, as before.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckpointReply, CheckpointRequest, CheckpointWorkerData } from './checkpoint-worker.js';
import type { Db } from './sqlite.js';
import { WalIndex } from './wal-index.js';

/** The worker checkpoints once this much of the log is not copied back (SQLite's own default
 *  autocheckpoint is 1000 pages). */
const CHECKPOINT_BYTES = 32 << 20;
/** The log a settle() lets grow before it waits for a full checkpoint. */
const DRAIN_BYTES = 512 << 20;
/** The connection's own autocheckpoint while it has no worker. */
const FALLBACK_BYTES = 512 << 20;
const POLL_MS = 50;

/** The bundled worker beside the bundle (dist/checkpoint-worker.js); none when running sources. */
function bundledWorker(): string | undefined {
  const file = fileURLToPath(new URL('./checkpoint-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

export interface CheckpointerOptions {
  /** false: only the connection's own autocheckpoint (a store the daemon writes little to, such
   *  as the peer's). */
  background?: boolean;
  /** The worker's script (default: the bundled one); tests name the built one. */
  workerFile?: string;
  checkpointBytes?: number;
  drainBytes?: number;
}

export class WalCheckpointer {
  private worker: Worker | undefined;
  private readonly index: WalIndex | undefined;
  private readonly pageSize: number;
  private drainId = 0;
  private readonly waiting = new Map<number, () => void>();
  private readonly drainFrames: number;

  constructor(private readonly db: Db, dbFile: string, opts: CheckpointerOptions = {}) {
    this.pageSize = db.pragma('page_size', { simple: true }) as number;
    this.drainFrames = this.frames(opts.drainBytes ?? DRAIN_BYTES);
    this.setAutocheckpoint(FALLBACK_BYTES);
    const file = opts.background !== false && !db.readonly ? opts.workerFile ?? bundledWorker() : undefined;
    this.index = file ? WalIndex.open(dbFile) : undefined;
    if (!file || !this.index) return;
    const data: CheckpointWorkerData = { dbFile, checkpointFrames: this.frames(opts.checkpointBytes ?? CHECKPOINT_BYTES), pollMs: POLL_MS };
    const worker = new Worker(file, { workerData: data });
    worker.unref();
    worker.on('message', (m: CheckpointReply) => this.release(m.drained));
    worker.on('error', () => this.lose(worker));
    worker.on('exit', () => this.lose(worker));
    this.worker = worker;
    this.setAutocheckpoint(0);
  }

  /** Waits while the log is past DRAIN_BYTES for the worker to copy it back; at once otherwise. */
  async settle(signal?: AbortSignal): Promise<void> {
    const worker = this.worker;
    if (!worker || !this.index || signal?.aborted) return;
    // (all of it copied back already: the next commit restarts the log)
    const { frames, backfilled } = this.index.progress();
    if (frames < this.drainFrames || backfilled >= frames) return;
    const id = ++this.drainId;
    await new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        this.waiting.delete(id);
        resolve();
      };
      this.waiting.set(id, done);
      signal?.addEventListener('abort', done, { once: true });
      worker.postMessage({ drain: id } satisfies CheckpointRequest);
    });
  }

  /** Whether a worker checkpoints this store (false: the connection does, on its commits). */
  get inBackground(): boolean {
    return this.worker !== undefined;
  }

  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) worker.postMessage('stop' satisfies CheckpointRequest);
    this.index?.close();
    for (const done of [...this.waiting.values()]) done();
  }

  private frames(bytes: number): number {
    return Math.max(1, Math.floor(bytes / this.pageSize));
  }

  private setAutocheckpoint(bytes: number): void {
    if (this.db.open && !this.db.readonly) this.db.pragma(`wal_autocheckpoint = ${bytes === 0 ? 0 : this.frames(bytes)}`);
  }

  private release(id: number): void {
    this.waiting.get(id)?.();
  }

  /** The worker failed or exited: the connection checkpoints itself again. */
  private lose(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.setAutocheckpoint(FALLBACK_BYTES);
    for (const done of [...this.waiting.values()]) done();
  }
}
