// The daemon's pid file (Ceph's pid_file option): written once the daemon runs, removed at a
// clean exit. A pid file naming a live rbd-mirror is refused (Ceph locks it; here the check is
// the process table); a stale one, left by a daemon that was killed, is replaced.
import { constants, openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync } from 'node:fs';

function pidIn(path: string): number | undefined {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** A live process that is an rbd-mirror (its command line names it). */
function isLiveMirror(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return /rbdm?-mirror/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc: a live pid is taken at its word
  }
}

/** Writes our pid; an error text when another live daemon holds the file. */
export function writePidFile(path: string, pid = process.pid): string | undefined {
  const old = pidIn(path);
  if (old !== undefined && old !== pid && isLiveMirror(old)) {
    return `failed to lock pidfile ${path} because another process locked it (pid ${old})`;
  }
  const tmp = `${path}.${pid}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  try {
    writeSync(fd, `${pid}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  return undefined;
}

/** Removes the file if it still names us (a successor may have replaced it). */
export function removePidFile(path: string, pid = process.pid): void {
  if (pidIn(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch { /* already gone */ }
}
