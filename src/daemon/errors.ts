// How the daemon classes a failure (zrepl's temporary vs permanent errors): a transient one (the
// store busy, a peer unreachable, authentication refused, an I/O hiccup) is retried with an
// exponential back-off; a permanent one stays reported until something changes (an operator
// promotes, demotes, resyncs or removes the image).
import { Errno, RbdError } from '../errors.js';

export type FailureClass = 'transient' | 'permanent';

// (28: ENOSPC, a full disk that may drain)
const TRANSIENT_ERRNOS = new Set<number>([Errno.EBUSY, Errno.ETIMEDOUT, Errno.ECONNREFUSED, Errno.EACCES, Errno.EIO, Errno.EAGAIN, 28]);

export function classify(e: unknown): FailureClass {
  if (e instanceof RbdError) return TRANSIENT_ERRNOS.has(e.errno) ? 'transient' : 'permanent';
  const code = (e as { code?: unknown }).code;
  // better-sqlite3: SQLITE_BUSY / SQLITE_LOCKED / SQLITE_IOERR* / SQLITE_FULL; node: ENOSPC, EIO...
  if (typeof code === 'string' && /^(SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)|E(NOSPC|IO|AGAIN|BUSY|MFILE))/.test(code)) return 'transient';
  return 'permanent';
}

/** Exponential back-off between retries: min, 2 min, 4 min ... up to max; reset on success. */
export class Backoff {
  private failures = 0;
  private until = 0;

  constructor(private readonly minMs: number, private readonly maxMs: number) {}

  /** True while the last failure's wait has not passed. */
  waiting(now = Date.now()): boolean {
    return now < this.until;
  }

  /** Records a failure; returns the wait before the next attempt. */
  fail(now = Date.now()): number {
    const wait = Math.min(this.maxMs, this.minMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    this.until = now + wait;
    return wait;
  }

  succeed(): void {
    this.failures = 0;
    this.until = 0;
  }

  /** When the next attempt is due (0 = now). */
  get next(): number {
    return this.until;
  }

  get failing(): boolean {
    return this.failures > 0;
  }
}
