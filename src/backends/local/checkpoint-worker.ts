// The worker thread of wal-checkpointer.ts: checkpoints one store beside the daemon's writes
// (passive: it never blocks a writer), whenever the log holds `checkpointFrames` not yet copied
// back, and copies all of it back when the daemon asks (a drain), so the next commit restarts
// the log from its start. Its connection's synchronous=NORMAL keeps the checkpoint's fsyncs.
import { parentPort, workerData } from 'node:worker_threads';
import { openSqlite } from './sqlite.js';
import { WalIndex } from './wal-index.js';

export interface CheckpointWorkerData { dbFile: string; checkpointFrames: number; pollMs: number }
export type CheckpointRequest = { drain: number } | 'stop';
export interface CheckpointReply { drained: number }

interface CheckpointResult { busy: number; log: number; checkpointed: number }

/** A drain gives up after this long (a reader pinning an old snapshot keeps frames in the log):
 *  the daemon goes on writing; the log just grows until the next drain. */
const DRAIN_MS = 5_000;

function main(port: NonNullable<typeof parentPort>, data: CheckpointWorkerData): void {
  const db = openSqlite(data.dbFile);
  const index = WalIndex.open(data.dbFile);
  const checkpoint = () => (db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[])[0]!;
  const timer = setInterval(() => {
    if (!index) return;
    const { frames, backfilled } = index.progress();
    if (frames - backfilled >= data.checkpointFrames) checkpoint();
  }, data.pollMs);
  const drain = async (): Promise<void> => {
    const deadline = Date.now() + DRAIN_MS;
    for (;;) {
      const r = checkpoint();
      if (r.log <= 0 || r.checkpointed >= r.log || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  port.on('message', (m: CheckpointRequest) => {
    if (m === 'stop') {
      clearInterval(timer);
      index?.close();
      db.close();
      port.close();
      return;
    }
    void drain().then(() => port.postMessage({ drained: m.drain } satisfies CheckpointReply));
  });
}

if (parentPort) main(parentPort, workerData as CheckpointWorkerData);
