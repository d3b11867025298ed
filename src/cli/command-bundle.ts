// The entry of one command's bundle (dist/<binary>.<path words>.js, scripts/build.mjs): the
// router has parsed the line; this runs it. Only plain data crosses from the router, since each
// bundle has its own copy of every class (an error from here is reported from here).
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';
import type { ParsedCommand } from './parse.js';
import type { FailureReporter } from './report-failure.js';
import { runCall } from './run-call.js';

/** A parsed command line without the command, which the bundle has itself. */
export type CallData = Omit<ParsedCommand, 'command'>;

/** `commands`: the router's definitions, for failures that print a usage text. */
export type BundleRun = (call: CallData, io: Io, commands: readonly AnyCommand[]) => Promise<number>;

export function commandBundle(command: AnyCommand, report: FailureReporter): BundleRun {
  return (call, io, commands) => runCall({ ...call, command }, io, report, commands);
}
