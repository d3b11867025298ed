// Typed errors. Every failure carries the errno that `rbd` exits with; only the CLI top level
// turns them into a stderr line and an exit code.

export const Errno = {
  EPERM: 1, ENOENT: 2, EIO: 5, EAGAIN: 11, EACCES: 13, EBUSY: 16, EEXIST: 17, EXDEV: 18, ENOTDIR: 20,
  EISDIR: 21, EINVAL: 22, ENOSPC: 28, EROFS: 30, ELOOP: 40, EDOM: 33, ENOSYS: 38, ENOTEMPTY: 39, ENODATA: 61, EBADMSG: 74,
  EOPNOTSUPP: 95, ESHUTDOWN: 108, ETIMEDOUT: 110, ECONNREFUSED: 111, EREMOTEIO: 121, ECANCELED: 125,
} as const;

const STRERROR: Record<number, string> = {
  1: 'Operation not permitted', 2: 'No such file or directory', 5: 'Input/output error',
  11: 'Resource temporarily unavailable', 13: 'Permission denied', 16: 'Device or resource busy',
  17: 'File exists', 18: 'Invalid cross-device link', 20: 'Not a directory', 21: 'Is a directory',
  22: 'Invalid argument', 28: 'No space left on device', 30: 'Read-only file system', 40: 'Too many levels of symbolic links',
  33: 'Numerical argument out of domain', 38: 'Function not implemented', 39: 'Directory not empty', 61: 'No data available',
  74: 'Bad message', 95: 'Operation not supported', 108: 'Cannot send after transport endpoint shutdown',
  110: 'Connection timed out', 111: 'Connection refused', 121: 'Remote I/O error', 125: 'Operation canceled',
};

/** `(2) No such file or directory`, the way Ceph's cpp_strerror renders an errno. */
export function strerror(errno: number): string {
  const n = Math.abs(errno);
  return `(${n}) ${STRERROR[n] ?? 'Unknown error ' + n}`;
}

/** `'name'` with control characters escaped, so a hostile name cannot break a one-line message. */
export function quoteName(name: string): string {
  return `'${escapeControls(name)}'`;
}

/** Control characters (C0, DEL) as `\n`, `\t`, `\x01`: the text stays on one line. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

/** A failure of an rbd action: `rbd: <message>` on stderr, exit status = errno. */
export class RbdError extends Error {
  readonly errno: number;
  constructor(errno: number, message: string) {
    super(message);
    this.name = 'RbdError';
    this.errno = Math.abs(errno);
  }
}

/** A command-line parse failure (boost program_options in real rbd): exit status 1. */
export class UsageError extends Error {
  /** When set, the global usage goes to stdout before the message (unknown command). */
  readonly showGlobalUsage: boolean;
  constructor(message: string, opts: { showGlobalUsage?: boolean } = {}) {
    super(message);
    this.name = 'UsageError';
    this.showGlobalUsage = opts.showGlobalUsage ?? false;
  }
}

/** Wraps a lower-level error with the CLI's context line, keeping its errno. Where real rbd
 *  prints its context line next to a librbd log line with the reason, the one line we print says
 *  both: `rbd: failed to import peer bootstrap token: invalid bootstrap token JSON received`
 *  (exit = errno of the cause); quiet: the cause librbd does not log, the context line alone. */
export function withContext(err: unknown, message: string, opts: { quiet?: boolean } = {}): RbdError {
  if (!(err instanceof RbdError)) return new RbdError(Errno.EIO, message);
  return new RbdError(err.errno, opts.quiet || !err.message ? message : `${message}: ${err.message}`);
}

export function isRbdError(err: unknown, errno?: number): err is RbdError {
  return err instanceof RbdError && (errno === undefined || err.errno === errno);
}
