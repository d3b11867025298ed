// Text output straight to fds 1 and 2 (writeSync), and the terminal checks, without creating
// process.stdout/stderr: their first use loads node:stream and its friends, about a tenth of a
// short `rbd` call. A non-blocking pipe that is full (EAGAIN) hands over to the stream, which
// waits for it; from then on that fd always goes through the stream, so output keeps its order.
import { fstatSync, writeSync } from 'node:fs';

const streamed = new Set<number>();

/** process.stdout, with the one EPIPE rule: a reader that went away (`rbd ... | head`) ends
 *  the call quietly with status 0. */
export function stdoutStream(): NodeJS.WriteStream {
  const out = process.stdout;
  if (!out.listeners('error').includes(exitOnEpipe)) out.on('error', exitOnEpipe);
  return out;
}

function exitOnEpipe(e: NodeJS.ErrnoException): void {
  if (e.code === 'EPIPE') process.exit(0);
}

export function writeText(fd: 1 | 2, text: string): void {
  if (!streamed.has(fd)) {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    try {
      while (off < buf.length) off += writeSync(fd, buf, off);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') {
        if (fd === 1) process.exit(0);
        return; // nobody reads stderr any more
      }
      if (code !== 'EAGAIN') throw e;
      streamed.add(fd);
      (fd === 1 ? stdoutStream() : process.stderr).write(buf.subarray(off));
      return;
    }
  }
  (fd === 1 ? stdoutStream() : process.stderr).write(text);
}

/** isatty(fd). Pipes, files and /dev/null (the memory devices, major 1) are answered from
 *  fstat; only another character device needs node:tty (which loads node:net). */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    if (((st.rdev >> 8) & 0xfff) === 1) return false;
  } catch {
    return false;
  }
  return (fd === 1 ? process.stdout : process.stderr).isTTY === true;
}
