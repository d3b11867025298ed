// Files and stdin/stdout as the byte sources and sinks of import/export. `-` means the standard
// stream. Reads and writes are pulled/pushed in bounded pieces, so an image of any size streams
// with memory bounded by one object; writes to stdout wait for 'drain'.
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { Errno, RbdError } from '../errors.js';
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
  const out = process.stdout;
  let broken = false;
  out.on('error', () => { broken = true; }); // EPIPE: the reader went away (`| head`)
  const push = (data: Buffer): Promise<void> => new Promise((resolve, reject) => {
    if (broken) { reject(new RbdError(32, 'stdout closed')); return; }
    if (out.write(data)) { resolve(); return; }
    out.once('drain', resolve);
    out.once('error', () => reject(new RbdError(32, 'stdout closed')));
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

/** `rbd export ... <path|->`: the file must not exist (rbd opens it O_EXCL). Holes stay holes. */
export async function openSink(path: string): Promise<ByteSink> {
  if (path === '-') return stdoutSink();
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (e) {
    throw fsError(e, `error opening ${path}`);
  }
  const file = handle;
  let position = 0;
  return {
    async write(data) {
      let done = 0;
      while (done < data.length) done += (await file.write(data, done, data.length - done, position + done)).bytesWritten;
      position += data.length;
    },
    async skip(length) { position += length; },
    async close(size) {
      await file.truncate(size);
      await file.close();
    },
  };
}
