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

/** A signature descriptor: a literal word, or an argument (ceph_argparse's CephString etc.). */
type Descriptor = string | { name: string; type: string; req?: string | boolean; n?: string | number };
interface Description { sig: Descriptor[]; help: string }

const required = (d: Exclude<Descriptor, string>) => d.req !== false && d.req !== 'false';
const many = (d: Exclude<Descriptor, string>) => d.n === 'N';

/** ceph_argparse's concise_sig. */
function conciseSig(sig: readonly Descriptor[]): string {
  return sig.map((d) => {
    if (typeof d === 'string') return d;
    const one = `<${d.name}>`;
    const text = many(d) ? `${one} [${one}...]` : one;
    return required(d) ? text : `[${text}]`;
  }).join(' ');
}

/** ceph_argparse's matchnum: how many words the signature takes (the last word may be the
 *  start of a literal when partial). */
function matchNum(words: readonly string[], sig: readonly Descriptor[], partial: boolean): number {
  let n = 0;
  let i = 0;
  for (const d of sig) {
    if (i >= words.length) return n;
    const w = words[i]!;
    const ok = typeof d === 'string' ? (w === d || (partial && i === words.length - 1 && d.startsWith(w))) : true;
    if (!ok) {
      if (typeof d !== 'string' && !required(d)) continue;
      return n;
    }
    n++;
    i = typeof d !== 'string' && many(d) ? words.length : i + 1;
  }
  return n;
}

type Validation = { kind: 'ok'; request: Record<string, unknown> } | { kind: 'prefix' } | { kind: 'few' } | { kind: 'error'; message: string };

/** ceph_argparse's validate, for literal words and string arguments. */
function validate(words: readonly string[], sig: readonly Descriptor[]): Validation {
  const prefix: string[] = [];
  const request: Record<string, unknown> = {};
  let i = 0;
  for (const d of sig) {
    if (typeof d === 'string') {
      if (words[i] !== d) return words[i] === undefined ? { kind: 'few' } : { kind: 'prefix' };
      prefix.push(d);
      i++;
    } else if (i >= words.length) {
      if (required(d)) return { kind: 'error', message: `missing required parameter ${d.name}(<string>)` };
    } else if (many(d)) {
      request[d.name] = words.slice(i);
      i = words.length;
    } else request[d.name] = words[i++];
  }
  if (i < words.length) return { kind: 'error', message: `unused arguments: [${words.slice(i).map((w) => `'${w}'`).join(', ')}]` };
  return { kind: 'ok', request: { prefix: prefix.join(' '), ...request } };
}

export async function adminSocketCommand(socket: string, words: readonly string[], format?: string): Promise<DaemonCommandResult> {
  const failed = (stderr: string): DaemonCommandResult => ({ stdout: '', stderr, code: Errno.EINVAL });
  let descriptions: Record<string, Description>;
  try {
    descriptions = JSON.parse((await askAdminSocket(socket, '{"prefix": "get_command_descriptions"}')).toString('utf8')) as Record<string, Description>;
  } catch (e) {
    return failed(`admin_socket: exception getting command descriptions: ${socketError(e)}\n`);
  }
  const sigs = Object.values(descriptions).filter((d) => Array.isArray(d.sig));
  // the best matches (full matches preferred over partial ones), then the first that validates
  let best = 0;
  let close: Description[] = [];
  for (const d of sigs) {
    let m = matchNum(words, d.sig, true);
    if (m >= Math.floor(best) && m === matchNum(words, d.sig, false)) m += 0.5;
    if (m < best) continue;
    if (m > best) { best = m; close = [d]; } else close.push(d);
  }
  const requiredCount = (d: Description) => d.sig.filter((x) => typeof x !== 'string' && required(x)).length;
  let request: Record<string, unknown> | undefined;
  let invalid: string | undefined;
  for (const d of [...close].sort((a, b) => requiredCount(a) - requiredCount(b))) {
    const v = validate(words, d.sig);
    if (v.kind === 'ok') { request = v.request; break; }
    if (v.kind === 'error') { invalid = `Invalid command: ${v.message}\n${conciseSig(d.sig)} :  ${d.help}\n`; break; }
  }
  if (!request) {
    const list = close.slice(0, 10);
    const why = invalid ?? `no valid command found; ${list.length} closest matches:\n${list.map((d) => `${conciseSig(d.sig)}\n`).join('')}`;
    return failed(`${why}admin_socket: invalid command\n`);
  }
  if (format) request.format = format;
  try {
    return { stdout: (await askAdminSocket(socket, JSON.stringify(request))).toString('utf8'), stderr: '', code: 0 };
  } catch (e) {
    return failed(`admin_socket: exception: ${socketError(e)}\n`);
  }
}
