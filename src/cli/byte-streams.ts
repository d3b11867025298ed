// Files and stdin/stdout as the byte sources and sinks of import/export. `-` means the standard
// stream. Reads and writes are pulled/pushed in bounded pieces, so an image of any size streams
// with memory bounded by one object; writes to stdout wait for 'drain'.
import { constants as fsConstants, createReadStream, fstatSync, ftruncate, readFileSync, write as fsWrite } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Errno, RbdError } from '../errors.js';
import { stdoutStream } from './fd-output.js';
import type { ByteSink, ByteSource } from '../domain/io/streams.js';

const PIECE = 1 << 20;
const ZEROS = Buffer.alloc(PIECE);

/** The errno of a failed fs call as an RbdError, with the message rbd prints before it. */
function fsError(e: unknown, message: string): RbdError {
  const code = (e as NodeJS.ErrnoException).errno;
  return new RbdError(typeof code === 'number' ? Math.abs(code) : Errno.EIO, message);
}

function streamSource(stream: Readable, size?: number): ByteSource {
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let ended = false;
  return {
    ...(size !== undefined ? { size } : {}),
    async read(max) {
      while (pendingBytes < max && !ended) {
        const next = await it.next();
        if (next.done) { ended = true; break; }
        pending.push(next.value);
        pendingBytes += next.value.length;
      }
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      const out = all.subarray(0, Math.min(max, all.length));
      const rest = all.subarray(out.length);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
      // Copy so the caller may keep the piece while the rest is released.
      return Buffer.from(out);
    },
    async close() { stream.destroy(); },
  };
}

/** `rbd import <path|->`: rbd's `error opening <path>` on failure. */
export async function openSource(path: string): Promise<ByteSource> {
  if (path === '-') return streamSource(process.stdin);
  let size: number | undefined;
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { errno: 21 });
    if (st.isFile()) size = st.size;
  } catch (e) {
    throw fsError(e, `error opening ${path}`);
  }
  return streamSource(createReadStream(path, { highWaterMark: PIECE }), size);
}

function stdoutSink(): ByteSink {
  const out = stdoutStream();
  let broken = false;
  // one listener for the whole export (a listener per backpressure wait piles up:
  // MaxListenersExceededWarning on `rbd export p/i - | sha256sum`)
  const waiting = new Set<(e: RbdError) => void>();
  out.on('error', () => {
    broken = true; // EPIPE: the reader went away (`| head`)
    for (const reject of waiting) reject(new RbdError(32, 'stdout closed'));
    waiting.clear();
  });
  const push = (data: Buffer): Promise<void> => new Promise((resolve, reject) => {
    if (broken) { reject(new RbdError(32, 'stdout closed')); return; }
    if (out.write(data)) { resolve(); return; }
    waiting.add(reject);
    out.once('drain', () => { waiting.delete(reject); resolve(); });
  });
  return {
    write: push,
    async skip(length) {
      for (let left = length; left > 0; left -= PIECE) await push(ZEROS.subarray(0, Math.min(PIECE, left)));
    },
    async close() {
      await new Promise<void>((resolve) => (broken ? resolve() : out.write('', () => resolve())));
    },
  };
}

/** Where fd 1 is a regular file opened without O_APPEND (`rbd export p/i - > img.raw`), the
 *  position it writes at; undefined for a pipe, a terminal or an appending file. */
function stdoutFilePosition(): number | undefined {
  try {
    if (!fstatSync(1).isFile()) return undefined;
    const info = readFileSync('/proc/self/fdinfo/1', 'utf8');
    const flags = Number.parseInt(/^flags:\s*([0-7]+)/m.exec(info)?.[1] ?? '', 8);
    const pos = Number(/^pos:\s*(\d+)/m.exec(info)?.[1]);
    if (!Number.isFinite(flags) || (flags & fsConstants.O_APPEND) || !Number.isSafeInteger(pos)) return undefined;
    return pos;
  } catch {
    return undefined;
  }
}

/** Positional writes to a regular file: runs of zeros (in 64 KiB pieces, as `cp --sparse`)
 *  and skipped ranges become holes; close truncates to the end, keeping a trailing hole. */
function fileSink(write: (data: Buffer, position: number) => Promise<number>,
  truncate: (size: number) => Promise<void>, done: () => Promise<void>, start = 0): ByteSink {
  let position = start;
  return {
    async write(data) {
      for (let at = 0; at < data.length; at += SPARSE_PIECE) {
        const piece = data.subarray(at, Math.min(at + SPARSE_PIECE, data.length));
        if (isAllZero(piece)) continue;
        for (let n = 0; n < piece.length;) n += await write(piece.subarray(n), position + at + n);
      }
      position += data.length;
    },
    async skip(length) { position += length; },
    async close(size) {
      await truncate(start + size);
      await done();
    },
  };
}

const SPARSE_PIECE = 64 << 10;

function isAllZero(buf: Buffer): boolean {
  return buf.length <= ZEROS.length && buf.equals(ZEROS.subarray(0, buf.length));
}

/** `rbd export ... <path|->`: the file must not exist (rbd opens it O_EXCL). Holes stay holes. */
export async function openSink(path: string): Promise<ByteSink> {
  if (path === '-') {
    const start = stdoutFilePosition();
    if (start === undefined) return stdoutSink();
    return fileSink(
      (data, position) => new Promise((resolve, reject) => fsWrite(1, data, 0, data.length, position, (e, n) => (e ? reject(e) : resolve(n)))),
      (size) => new Promise((resolve, reject) => ftruncate(1, size, (e) => (e ? reject(e) : resolve()))),
      async () => undefined, start);
  }
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (e) {
    throw fsError(e, `error opening ${path}`);
  }
  const file = handle;
  return fileSink(async (data, position) => (await file.write(data, 0, data.length, position)).bytesWritten,
    (size) => file.truncate(size), () => file.close());
}
