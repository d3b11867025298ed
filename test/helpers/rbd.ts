// Runs the built `rbd` binary (bin/rbd.js → dist/) as a child process against a temp RBDM_HOME.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const RBD_BIN = join(ROOT, 'bin', 'rbd.js');
export const CEPH_BIN = join(ROOT, 'bin', 'ceph.js');

export interface RunResult { code: number; stdout: string; stderr: string }
export interface RunOptions { stdin?: string; env?: NodeJS.ProcessEnv; home?: string }

/** A fresh RBDM_HOME for one test file or test. */
export function tempHome(prefix = 'rbdm-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Environment for a child: local backend forced, no colour, no inherited Ceph settings. */
export function childEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, RBDM_HOME: home, RBDM_BACKEND: 'local', NO_COLOR: '1', ...extra };
  delete env.CEPH_ARGS;
  delete env.CEPH_CONF;
  delete env.RBDM_DEBUG;
  return env;
}

/** Runs `cmd argv` to completion with `stdin` (default none), collecting both outputs. */
export function runProcess(cmd: string, argv: readonly string[], opts: { env: NodeJS.ProcessEnv; stdin?: string; cwd?: string }): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, argv, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : -1), stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.stdin ?? '');
  });
}

export function runBin(bin: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runProcess(process.execPath, [bin, ...args], { env: opts.env ?? childEnv(opts.home ?? tempHome()), stdin: opts.stdin });
}

/** `rbd <args>` with RBDM_HOME = home. */
export function rbdIn(home: string, args: string[], opts: Omit<RunOptions, 'home'> = {}): Promise<RunResult> {
  return runBin(RBD_BIN, args, { ...opts, env: childEnv(home, opts.env) });
}

/** rbdm's `ceph <args>` with RBDM_HOME = home. */
export function cephIn(home: string, args: string[], opts: Omit<RunOptions, 'home'> = {}): Promise<RunResult> {
  return runBin(CEPH_BIN, args, { ...opts, env: childEnv(home, opts.env) });
}

/** A runner bound to one home: `const rbd = rbdAt(home); await rbd('--cluster', 'site-a', ...)`. */
export function rbdAt(home: string) {
  return (...args: string[]) => rbdIn(home, args);
}

/** Runs and insists on exit 0, returning stdout. */
export async function ok(home: string, args: string[], opts: Omit<RunOptions, 'home'> = {}): Promise<string> {
  const r = await rbdIn(home, args, opts);
  if (r.code !== 0) throw new Error(`rbd ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r.stdout;
}

/** A pool made as on Ceph: `ceph osd pool create` (which creates a local cluster on first use), then
 *  `rbd pool init` (which only initialises an existing pool). `cluster` undefined: the default one. */
export async function createPool(home: string, cluster: string | undefined, pool: string, opts: Omit<RunOptions, 'home'> = {}): Promise<void> {
  const c = cluster === undefined ? [] : ['--cluster', cluster];
  const r = await cephIn(home, [...c, 'osd', 'pool', 'create', pool], opts);
  if (r.code !== 0) throw new Error(`ceph ${[...c, 'osd', 'pool', 'create', pool].join(' ')} exited ${r.code}\nstderr: ${r.stderr}`);
  await ok(home, [...c, 'pool', 'init', pool], opts);
}

export async function okJson<T = any>(home: string, args: string[]): Promise<T> {
  return JSON.parse(await ok(home, [...args, '--format', 'json'])) as T;
}

/** Digest of every store file under home (WAL side files excluded: a clean close removes them;
 *  the run dir too: pid files and admin sockets belong to running daemons, not to the store). */
export function storeDigest(home: string): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (dir === home && name === 'run') continue;
      const st = statSync(p);
      if (st.isDirectory()) { h.update(`dir:${p}\n`); walk(p); continue; }
      if (!st.isFile() || name.endsWith('-wal') || name.endsWith('-shm')) continue;
      h.update(`file:${p}\n`).update(readFileSync(p));
    }
  };
  walk(home);
  return h.digest('hex');
}

/** Runners bound to one home and cluster: `run` (any exit), `ok` (exit 0, stdout), `json`. */
export function on(home: string, cluster: string) {
  const c = ['--cluster', cluster];
  return {
    run: (...args: string[]) => rbdIn(home, [...c, ...args]),
    ok: (...args: string[]) => ok(home, [...c, ...args]),
    json: <T = any>(...args: string[]) => okJson<T>(home, [...c, ...args]),
  };
}
