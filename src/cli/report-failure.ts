// How `rbd` reports a failure: one `rbd: ...` line and the exit status (`ceph` has its own,
// ceph-failure.ts). With ceph-failure.ts, the only place that knows about exit codes.
import { Errno, escapeControls, RbdError, strerror, UsageError } from '../errors.js';
import type { AnyCommand } from './define.js';
import { globalUsage } from './help.js';
import type { Io } from './io.js';

/** How a binary reports a failure; `commands` are the ones the call knew (for usage text). */
export type FailureReporter = (e: unknown, io: Io, commands: readonly AnyCommand[]) => number;

/** Every failure is one line: control characters in names are escaped, never printed raw. */
export function reportFailure(e: unknown, io: Io, commands: readonly AnyCommand[]): number {
  const line = (text: string) => io.stderr(`${escapeControls(text)}\n`);
  if (e instanceof UsageError) {
    if (e.showGlobalUsage) io.stdout(globalUsage(commands));
    line(e.message);
    return 1;
  }
  if (io.env.RBDM_DEBUG === '1' && e instanceof Error) io.stderr(`${e.stack}\n`);
  if (e instanceof RbdError) {
    line(`rbd: ${e.message}`);
    return e.errno;
  }
  const err = e as { code?: unknown; errno?: unknown; path?: unknown; syscall?: unknown; message?: string };
  if (typeof err.code === 'string' && err.code.startsWith('SQLITE_BUSY')) {
    line('rbd: the cluster store is busy, try again');
    return Errno.EAGAIN;
  }
  // an OS error outside the store (an export target on a full disk): its errno and file
  if (typeof err.errno === 'number' && err.errno !== 0 && typeof err.syscall === 'string') {
    const errno = Math.abs(err.errno);
    line(`rbd: ${err.syscall}${typeof err.path === 'string' ? ` ${err.path}` : ''}: ${strerror(errno)}`);
    return errno;
  }
  line(`rbd: internal error: ${err.message ?? String(e)}${io.env.RBDM_DEBUG === '1' ? '' : ' (RBDM_DEBUG=1 shows the stack)'}`);
  return Errno.EIO;
}
