// The top level: parse, build the context, run one command, and map every failure to one
// `rbd: ...` line and an exit status. The only place that knows about exit codes.
import { existsSync } from 'node:fs';
import type { Backend, BackendOptions } from '../backends/backend.js';
import { chooseBackend, openBackend } from '../backends/select.js';
import { invalidConfigValue } from '../config/options.js';
import { Errno, escapeControls, RbdError, strerror, UsageError } from '../errors.js';
import { VERSION_LINE } from '../version.js';
import { implicitBackendNotice } from './backend-notice.js';
import { isCompletionCall } from './completion-check.js';
import { loadPaint } from '../render/paint.js';
import { checkFormat, decorations, makePrinter, type Context } from './context.js';
import type { AnyCommand } from './define.js';
import { findHelp, globalUsage } from './help.js';
import type { Io } from './io.js';
import { parseCommandLine, unknownCommand } from './parse.js';

export { VERSION } from '../version.js';

/** How a binary reports a failure: `rbd: ...` for rbd; `ceph` has its own (ceph-failure.ts). */
export type FailureReporter = (e: unknown, io: Io, commands: readonly AnyCommand[]) => number;

/** A binary's help: the global usage, and one command's (undefined: no such command). */
export interface HelpTexts {
  global(commands: readonly AnyCommand[]): string;
  command(words: string[], commands: readonly AnyCommand[]): string | undefined;
}
const RBD_HELP: HelpTexts = { global: globalUsage, command: findHelp };

export async function main(argv: string[], io: Io, commands: readonly AnyCommand[], report: FailureReporter = reportFailure,
  help: HelpTexts = RBD_HELP): Promise<number> {
  let backend: Backend | undefined;
  const others = new Map<string, Backend>();
  try {
    if (isCompletionCall(argv)) {
      const { runCompletion } = await import('./completion-run.js');
      return await runCompletion(argv, io, commands);
    }
    const cephArgs = io.env.CEPH_ARGS ? io.env.CEPH_ARGS.split(/\s+/).filter(Boolean) : [];
    const result = parseCommandLine([...cephArgs, ...argv], commands);
    if (result.kind === 'version') { io.stdout(VERSION_LINE + '\n'); return 0; }
    if (result.kind === 'help') {
      if (result.words.length === 0) { io.stdout(help.global(commands)); return 0; }
      const text = help.command(result.words, commands);
      if (!text) throw unknownCommand(result.words);
      io.stdout(text);
      return 0;
    }
    const { command, args, globals, config } = result.parsed;
    for (const [name, value] of Object.entries(config)) {
      const bad = invalidConfigValue(name, value);
      if (bad) throw new RbdError(Errno.EINVAL, bad);
    }
    const backendOptions: BackendOptions = {
      cluster: (globals.cluster as string | undefined) ?? 'ceph',
      conf: globals.conf as string | undefined,
      id: globals.id as string | undefined,
      name: globals.name as string | undefined,
      keyring: globals.keyring as string | undefined,
      keyfile: globals.keyfile as string | undefined,
      monHost: (globals.monHost as string | undefined) ?? config.mon_host,
      configOverrides: config,
    };
    // global_init reads the -c file before anything else, whichever backend serves the call
    if (backendOptions.conf !== undefined && !existsSync(backendOptions.conf)) {
      throw new UsageError(`global_init: unable to open config file from search list ${backendOptions.conf}`);
    }
    const hasFormat = 'format' in command.options;
    const format = hasFormat ? checkFormat(args.format as string | undefined, args.prettyFormat as boolean | undefined) : 'plain';
    const decorate = decorations(io, globals.color === false);
    const ctx: Context = {
      backend: async () => {
        if (backend) return backend;
        const explicit = globals.backend as string | undefined;
        const kind = chooseBackend(backendOptions, explicit, io.env);
        const notice = await implicitBackendNotice(kind, backendOptions, explicit, io.env, command.path);
        if (notice) io.stderr(`${notice}\n`);
        return (backend = await openBackend(kind, backendOptions, io.env));
      },
      openCluster: async (name) => {
        let other = others.get(name);
        if (!other) {
          // where the --cluster one is (-c, -m, keys) is not where this one is
          const { mon_host: _monHost, ...overrides } = backendOptions.configOverrides;
          const opts: BackendOptions = {
            ...backendOptions, cluster: name, conf: undefined, monHost: undefined, keyring: undefined, keyfile: undefined, configOverrides: overrides,
          };
          other = await openBackend(chooseBackend(opts, globals.backend as string | undefined, io.env), opts, io.env);
          others.set(name, other);
        }
        return other;
      },
      backendOptions,
      format,
      pretty: !!args.prettyFormat,
      progress: decorate.progress,
      paint: decorate.colour && format === 'plain' && command.colour ? await loadPaint() : undefined,
      print: makePrinter(io),
      io,
    };
    return (await command.run(args, ctx)) ?? 0;
  } catch (e) {
    return report(e, io, commands);
  } finally {
    await backend?.close().catch(() => undefined);
    for (const other of others.values()) await other.close().catch(() => undefined);
  }
}

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
