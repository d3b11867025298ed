// OS and SQLite failures of the local store as the errno rbd would exit with, naming the file:
// a full disk is ENOSPC (28), a read-only store EROFS (30), a refused open EACCES (13), a corrupt
// or truncated store EIO (5). Without this they surface as `internal error` (5) without a file.
import { Errno, escapeControls, RbdError, strerror } from '../../errors.js';

const SQLITE_ERRNO: [RegExp, number, (file: string) => string][] = [
  [/^SQLITE_FULL/, Errno.ENOSPC, (f) => `no space left to write cluster store ${f}`],
  [/^SQLITE_READONLY/, Errno.EROFS, (f) => `cluster store ${f} is read-only`],
  [/^SQLITE_(PERM|AUTH|CANTOPEN)/, Errno.EACCES, (f) => `cannot open cluster store ${f}: permission denied`],
  [/^SQLITE_(CORRUPT|NOTADB)/, Errno.EIO, (f) => `cluster store ${f} is corrupt or truncated`],
  [/^SQLITE_IOERR/, Errno.EIO, (f) => `I/O error on cluster store ${f}`],
];

/** The RbdError for `e` raised while working on `file`; undefined when `e` is not an OS or
 *  storage failure (then the caller rethrows it unchanged). SQLITE_BUSY is left to the caller. */
export function storeFailure(e: unknown, file: string): RbdError | undefined {
  if (e instanceof RbdError) return undefined;
  const err = e as { code?: unknown; errno?: unknown; path?: unknown; syscall?: unknown };
  const where = escapeControls(typeof err.path === 'string' ? err.path : file);
  if (typeof err.code !== 'string') return undefined;
  if (err.code.startsWith('SQLITE_')) {
    const hit = SQLITE_ERRNO.find(([re]) => re.test(err.code as string));
    if (!hit) return undefined;
    return new RbdError(hit[1], hit[2](where));
  }
  if (typeof err.errno === 'number' && err.errno !== 0) {
    const errno = Math.abs(err.errno);
    const action = typeof err.syscall === 'string' ? err.syscall : 'access';
    return new RbdError(errno, `${action} ${where}: ${strerror(errno)}`);
  }
  return undefined;
}

/** Runs fn, turning OS/SQLite failures on `file` into RbdErrors. */
export function mapStoreErrors<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw storeFailure(e, file) ?? e;
  }
}
