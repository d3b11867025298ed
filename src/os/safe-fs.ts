// File-system steps of the local backend (and the daemon's log) that must not be steered by
// hostile names or planted symlinks: names that stay one path component, directories that are
// chmodded only when rbdm created them, files opened without following a symlink.
import { closeSync, constants, fchmodSync, lstatSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { Errno, escapeControls, quoteName, RbdError, strerror } from '../errors.js';

/** A cluster name becomes a directory name: one path component without NUL or control
 *  characters (Ceph forms `/etc/ceph/<cluster>.conf` from it; `..` or `/` would leave the tree). */
export function checkClusterName(name: string): void {
  // eslint-disable-next-line no-control-regex
  if (name === '' || name === '.' || name === '..' || name.includes('/') || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new RbdError(Errno.EINVAL, `invalid cluster name ${quoteName(name)}`);
  }
}

/** `base/name`, refused unless it stays inside base. */
export function pathUnder(base: string, name: string): string {
  const root = resolve(base);
  const p = resolve(root, name);
  const rel = relative(root, p);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new RbdError(Errno.EINVAL, `invalid cluster name ${quoteName(name)}`);
  }
  return p;
}

/** Creates `dir` (and missing parents) mode 0700. Only a directory this call created is chmodded
 *  (umask); an existing one keeps its mode. A symlink in place of `dir` is refused. */
export function ensureOwnDir(dir: string, what = 'directory'): void {
  refuseSymlink(dir, what);
  let created: string | undefined;
  try {
    // the leaf alone when its parent exists: a recursive mkdir reports EROFS as ENOENT
    if (exists(dirname(dir))) {
      mkdirSync(dir, { mode: 0o700 });
      created = dir;
    } else created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (!lstatSync(dir).isDirectory()) throw new RbdError(Errno.ENOTDIR, `${what} ${escapeControls(dir)} is not a directory`);
  }
  if (created !== undefined) {
    // mkdir returns the first directory it made: every one from there down to dir is ours
    for (let d = resolve(dir); ; d = dirname(d)) {
      chmodOwn(d);
      if (d === resolve(created) || d === dirname(d)) break;
    }
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function chmodOwn(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  try {
    // on the descriptor opened O_NOFOLLOW: a link swapped in meanwhile is not followed
    fchmodSync(fd, 0o700);
  } finally {
    closeSync(fd);
  }
}

/** ELOOP when `path` is a symbolic link (store directories and files are never followed). */
export function refuseSymlink(path: string, what: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (isLink) throw new RbdError(Errno.ELOOP, `${what} ${escapeControls(path)} is a symbolic link: ${strerror(Errno.ELOOP)}`);
}

/** Creates `file` 0600 if it is missing, never through a symlink. True when this call created it. */
export function createPrivateFile(file: string): boolean {
  try {
    closeSync(openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    refuseSymlink(file, 'file');
    return false;
  }
}

/** Appends to a log file (created 0600) without following a symlink: a planted link is not
 *  written through. Errors are the caller's (a full disk must not stop the daemon). */
export function appendNoFollow(file: string, text: string): void {
  const fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
