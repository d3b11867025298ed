// Runs built `rbd-mirror` daemons (bin/rbd-mirror.js → dist/) as child processes on a temp
// RBDM_HOME, with short intervals, and polls for conditions with a deadline (never bare sleeps).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { childEnv, ROOT } from './rbd.js';
import { scaled } from './slow.js';

export const RBD_MIRROR_BIN = join(ROOT, 'bin', 'rbd-mirror.js');

/** Intervals short enough for tests: poll 200 ms, heartbeat 500 ms, status refresh 1 s; a
 *  replayer stopped by a demotion restarts after 4 s (rbd_mirror_image_state_check_interval,
 *  30 s by default), scaled for a loaded machine: the `stopped` state must last longer than one
 *  `rbd mirror image status` call takes there, or a test polling for it can miss it; retries
 *  after a failure back off from 200 ms to at most 2 s. */
export const FAST_DAEMON_ENV: NodeJS.ProcessEnv = {
  RBDM_DAEMON_POLL_MS: '200', RBDM_DAEMON_HEARTBEAT_MS: '500', RBDM_DAEMON_STATUS_MS: '1000',
  RBDM_DAEMON_RESTART_MS: String(scaled(4000)),
  RBDM_DAEMON_RETRY_MIN_MS: '200', RBDM_DAEMON_RETRY_MAX_MS: '2000',
};

export interface DaemonHandle {
  cluster: string;
  child: ChildProcess;
  /** What the daemon wrote to stderr (-d logs there). */
  log(): string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
  /** Waits for the exit (after a signal sent by the test); resolves with the exit code. */
  exited(): Promise<number | null>;
}

export function startDaemon(home: string, cluster: string, opts: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): DaemonHandle {
  const child = spawn(process.execPath, [RBD_MIRROR_BIN, '--cluster', cluster, '-d', ...(opts.args ?? [])], {
    env: childEnv(home, { ...FAST_DAEMON_ENV, ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { log += d; });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    cluster,
    child,
    log: () => log,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    exited: () => exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Polls `check` until it returns a truthy value (returned) or the deadline passes (throws with
 *  the last value seen, or the last error, for the failure message). The deadline is timeoutMs
 *  scaled for a loaded machine (helpers/slow.ts). */
export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs = 20_000, what = 'condition', intervalMs = 150): Promise<T> {
  timeoutMs = scaled(timeoutMs);
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** sha256 of `rbd export <spec>` on one cluster (exported to a temp file under home). */
export async function exportSha(home: string, cluster: string, spec: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { readFileSync, rmSync } = await import('node:fs');
  const { ok } = await import('./rbd.js');
  const file = join(home, `export-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.raw`);
  await ok(home, ['--cluster', cluster, 'export', spec, file]);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  rmSync(file);
  return digest;
}

/** site-a and site-b with `image-pool` in image mode, peered by a bootstrap token that site-b
 *  imports (rx-tx: both ways; rx-only: site-b pulls from site-a only). */
export async function peerTwoSites(home: string, direction: 'rx-tx' | 'rx-only' = 'rx-tx'): Promise<void> {
  const { createPool, ok } = await import('./rbd.js');
  for (const s of ['site-a', 'site-b']) {
    await createPool(home, s, 'image-pool');
    await ok(home, ['--cluster', s, 'mirror', 'pool', 'enable', '--site-name', s, 'image-pool', 'image']);
  }
  const token = await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', 'image-pool']);
  await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b',
    '--direction', direction, 'image-pool', '-'], { stdin: token });
}
