// `-o FILE`: output that may hold a secret (keyrings, keys) goes to a file created 0600.
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { Errno, RbdError, strerror } from '../errors.js';
import type { Context } from './context.js';

/** Writes text to `file` (mode 0600, even over an existing file) or, without one, to stdout. */
export function emitPrivate(ctx: Context, text: string, file: string | undefined): void {
  if (file === undefined || file === '-') { ctx.print.write(text); return; }
  let fd: number;
  try {
    fd = openSync(file, 'w', 0o600);
  } catch (e) {
    const errno = Math.abs((e as { errno?: number }).errno ?? Errno.EIO);
    throw new RbdError(errno, `can't open ${file}: ${strerror(errno)}`);
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
