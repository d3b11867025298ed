// `ceph daemon <name|path> <command...>` and `ceph --admin-daemon <socket> <command...>`, as
// Ceph's CLI runs them (ceph.in, ceph_daemon.py): the socket is a path, or found from the
// daemon's name through the config (admin_socket, src/config/daemon-paths.ts); the command
// words are checked against the daemon's get_command_descriptions, then sent as
// {"prefix": ...}; the reply is printed as it came. Failures are Ceph's lines, exit 22.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { daemonPathOptions, templateMatcher } from '../config/daemon-paths.js';
import { Errno } from '../errors.js';
import { askAdminSocket } from '../os/admin-socket-wire.js';

export interface DaemonCommandResult { stdout: string; stderr: string; code: number }

const SOCKET_ERRNO: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'], ECONNREFUSED: [111, 'Connection refused'], EACCES: [13, 'Permission denied'],
  ENOTSOCK: [88, 'Socket operation on non-socket'], ETIMEDOUT: [110, 'timed out'], EPIPE: [32, 'Broken pipe'],
};

/** How Python's socket module words an OS error. */
function socketError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known = err.code ? SOCKET_ERRNO[err.code] : undefined;
  return known ? `[Errno ${known[0]}] ${known[1]}` : err.message;
}

function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The socket of a live daemon whose admin_socket template carries $pid/$cctid (the newest
 *  when there are several; `<name>.<pid>` picks one, as Ceph's `ceph daemon` allows). */
function findRunning(template: string, pid?: number): string | undefined {
  const m = templateMatcher(template);
  let names: string[];
  try {
    names = readdirSync(m.dir);
  } catch {
    return undefined;
  }
  const found = names.map((n) => ({ path: join(m.dir, n), hit: m.test(n) }))
    .filter((f) => f.hit && isSocket(f.path) && (f.hit.pid === undefined || (pid === undefined ? alive(f.hit.pid) : f.hit.pid === pid)))
    .sort((a, b) => statSync(b.path).mtimeMs - statSync(a.path).mtimeMs);
  return found[0]?.path;
}

/** The admin socket a name or path means. */
export function daemonSocketPath(nameOrPath: string, where: { cluster: string; conf?: string }, env: NodeJS.ProcessEnv): string {
  if (nameOrPath.includes('/')) return nameOrPath;
  const template = daemonPathOptions({ cluster: where.cluster, conf: where.conf, name: nameOrPath }, env).adminSocket;
  if (!/\$(pid|cctid)\b/.test(template)) return template;
  const running = findRunning(template);
  if (running) return running;
  // `client.rbd-mirror.a.12345`: the daemon of that pid
  const tail = /^(.+)\.(\d+)$/.exec(nameOrPath);
  if (tail) {
    const byPid = findRunning(daemonPathOptions({ cluster: where.cluster, conf: where.conf, name: tail[1]! }, env).adminSocket, Number(tail[2]));
    if (byPid) return byPid;
  }
  return template;
}

interface Description { sig: string[]; help: string }

/** How many leading words match (a word may be the start of the signature's word), and
 *  whether all of them match exactly: ceph_argparse's matchnum, for literal signatures. */
function matchCount(words: readonly string[], sig: readonly string[]): { partial: number; full: number } {
  let partial = 0;
  let full = 0;
  for (let i = 0; i < sig.length && i < words.length; i++) {
    if (!sig[i]!.startsWith(words[i]!)) break;
    partial++;
    if (sig[i] === words[i] && full === i) full++;
  }
  return { partial, full };
}

export async function adminSocketCommand(socket: string, words: readonly string[], format?: string): Promise<DaemonCommandResult> {
  const failed = (stderr: string): DaemonCommandResult => ({ stdout: '', stderr, code: Errno.EINVAL });
  let descriptions: Record<string, Description>;
  try {
    descriptions = JSON.parse((await askAdminSocket(socket, '{"prefix": "get_command_descriptions"}')).toString('utf8')) as Record<string, Description>;
  } catch (e) {
    return failed(`admin_socket: exception getting command descriptions: ${socketError(e)}\n`);
  }
  const sigs = Object.values(descriptions).filter((d) => Array.isArray(d.sig) && d.sig.every((w) => typeof w === 'string'));
  const exact = sigs.find((d) => d.sig.length === words.length && d.sig.every((w, i) => w === words[i]));
  if (!exact) {
    let best = 0;
    let close: Description[] = [];
    for (const d of sigs) {
      const m = matchCount(words, d.sig);
      const score = m.partial + (m.full === m.partial ? 0.5 : 0);
      if (score > best) { best = score; close = [d]; } else if (score === best) close.push(d);
    }
    const list = close.slice(0, 10).map((d) => `${d.sig.join(' ')}\n`).join('');
    return failed(`no valid command found; ${close.length} closest matches:\n${list}admin_socket: invalid command\n`);
  }
  const request: Record<string, string> = { prefix: exact.sig.join(' ') };
  if (format) request.format = format;
  try {
    return { stdout: (await askAdminSocket(socket, JSON.stringify(request))).toString('utf8'), stderr: '', code: 0 };
  } catch (e) {
    return failed(`admin_socket: exception: ${socketError(e)}\n`);
  }
}
