// `rbd-mirror` without -f/-d goes to the background like Ceph's daemons (global_init_daemonize):
// Node cannot fork, so the launching process starts the daemon again as a detached child (its
// own session, no terminal, stdio on /dev/null, -f so it logs to its log file) and waits on a
// pipe (fd 3) until the child says it is running (pid file written, admin socket bound,
// registered) or why it could not start. Then it exits 0, or prints that one line and exits
// with the child's status.
import { spawn } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';

/** Set in the child's environment: the fd of the pipe to the launching process. */
export const READY_FD_ENV = 'RBDM_MIRROR_READY_FD';

export async function daemonize(argv: readonly string[], stderr: (text: string) => void): Promise<number> {
  const script = process.argv[1]!;
  const child = spawn(process.execPath, [...process.execArgv, script, ...argv, '-f'], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    env: { ...process.env, [READY_FD_ENV]: '3' },
  });
  const pipe = child.stdio[3] as NodeJS.ReadableStream;
  let said = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (d: string) => { said += d; });
  const exited = new Promise<number>((r) => child.on('exit', (code, signal) => r(code ?? (signal ? 128 : 1))));
  const closed = new Promise<void>((r) => pipe.on('close', () => r()));
  const spawnError = new Promise<Error>((r) => child.on('error', r));
  const first = await Promise.race([closed.then(() => 'closed' as const), spawnError]);
  if (first instanceof Error) {
    stderr(`rbd-mirror: unable to start the daemon: ${first.message}\n`);
    return 1;
  }
  if (said.startsWith('ready')) {
    child.unref();
    return 0;
  }
  const failure = /^fail (\d+)\t(.*)/s.exec(said);
  if (failure) {
    stderr(`${failure[2]!.trimEnd()}\n`);
    child.unref();
    return Number(failure[1]);
  }
  const code = await exited;
  stderr(`rbd-mirror: the daemon exited (status ${code}) before it was running\n`);
  return code || 1;
}

/** The child's side: tells the launching process once, then closes the pipe. */
export interface ReadyChannel {
  ready(): void;
  fail(line: string, code: number): void;
}

export function readyChannel(env: NodeJS.ProcessEnv): ReadyChannel | undefined {
  const fd = Number(env[READY_FD_ENV]);
  if (!Number.isInteger(fd) || fd < 3) return undefined;
  delete env[READY_FD_ENV];
  let open = true;
  const say = (text: string) => {
    if (!open) return;
    open = false;
    try {
      writeSync(fd, text);
      closeSync(fd);
    } catch { /* the launcher is gone: nobody to tell */ }
  };
  return { ready: () => say('ready\n'), fail: (line, code) => say(`fail ${code}\t${line}\n`) };
}
