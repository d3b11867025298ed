// One parsed command line run to its exit status: the context (backend opened on first use,
// format, output decorations), the command, and every failure mapped by the binary's reporter.
// Runs in the process's own bundle, or in the command's bundle (command-bundle.ts).
import { existsSync } from 'node:fs';
import type { Backend, BackendOptions } from '../backends/backend.js';
import { chooseBackend, openBackend } from '../backends/select.js';
import { invalidConfigValue } from '../config/options.js';
import { Errno, RbdError, UsageError } from '../errors.js';
import { loadPaint } from '../render/paint.js';
import { implicitBackendNotice } from './backend-notice.js';
import { checkFormat, decorations, makePrinter, type Context } from './context.js';
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';
import type { ParsedCommand } from './parse.js';
import type { FailureReporter } from './report-failure.js';

export async function runCall(call: ParsedCommand, io: Io, report: FailureReporter, commands: readonly AnyCommand[]): Promise<number> {
  let backend: Backend | undefined;
  const others = new Map<string, Backend>();
  try {
    const { command, args, globals, config } = call;
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
