// How far a store's write-ahead log is copied back into its database, read from the header of
// its -shm file, SQLite's wal-index (sqlite.org/walformat.html): mxFrame, the frames the log
// holds, at byte 16; nBackfill, the frames already checkpointed, at byte 96; both u32 in the
// machine's byte order. A read may race a writer: the figures only decide when to checkpoint.
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

export interface WalProgress { frames: number; backfilled: number }

const HEADER_BYTES = 136;
const LITTLE = endianness() === 'LE';

export class WalIndex {
  private readonly header = Buffer.alloc(HEADER_BYTES);

  private constructor(private readonly fd: number) {}

  /** undefined while the store has no -shm file (no connection has it open in WAL mode). */
  static open(dbFile: string): WalIndex | undefined {
    try {
      return new WalIndex(openSync(`${dbFile}-shm`, 'r'));
    } catch {
      return undefined;
    }
  }

  progress(): WalProgress {
    const n = readSync(this.fd, this.header, 0, HEADER_BYTES, 0);
    if (n < HEADER_BYTES) return { frames: 0, backfilled: 0 };
    const u32 = (at: number) => (LITTLE ? this.header.readUInt32LE(at) : this.header.readUInt32BE(at));
    return { frames: u32(16), backfilled: u32(96) };
  }

  close(): void {
    closeSync(this.fd);
  }
}
