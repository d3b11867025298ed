// A whole CLI call in one bundle: route the command line (route.ts) and run the command here
// (run-call.ts). Tests call it in-process; the bundled binaries route first and load the
// command's own bundle (rbd-entry.ts, bundle-dispatch.ts).
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';
import { reportFailure, type FailureReporter } from './report-failure.js';
import { RBD_HELP, route, type HelpTexts } from './route.js';
import { runCall } from './run-call.js';

export { VERSION } from '../version.js';

export async function main(argv: string[], io: Io, commands: readonly AnyCommand[], report: FailureReporter = reportFailure,
  help: HelpTexts = RBD_HELP): Promise<number> {
  return route(argv, io, commands, {
    dispatch: (call) => runCall(call, io, report, commands),
    complete: async (...call) => (await import('./completion-run.js')).runCompletion(...call),
    report,
    help,
  });
}
