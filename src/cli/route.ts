// The front of a CLI call: parsing, --version and help are answered here; a command line that
// names a command goes to `dispatch`, a completion call to `complete`,, which runs it in this bundle (main.ts) or in the
// command's own bundle (bundle-dispatch.ts). Every failure goes to the binary's reporter.
import { isCompletionCall } from './completion-check.js';
import type { AnyCommand } from './define.js';
import { findHelp, globalUsage } from './help.js';
import type { Io } from './io.js';
import { parseCommandLine, unknownCommand, type ParsedCommand } from './parse.js';
import type { FailureReporter } from './report-failure.js';
import { VERSION_LINE } from '../version.js';

/** A binary's help: the global usage, and one command's (undefined: no such command). */
export interface HelpTexts {
  global(commands: readonly AnyCommand[]): string;
  command(words: string[], commands: readonly AnyCommand[]): string | undefined;
}
export const RBD_HELP: HelpTexts = { global: globalUsage, command: findHelp };

/** Runs a parsed command line to its exit status (reporting its own failures). */
export type Dispatch = (call: ParsedCommand) => Promise<number>;

/** Answers a completion call (completion-run.ts). */
export type Complete = (argv: string[], io: Io, commands: readonly AnyCommand[]) => Promise<number>;

export interface Binary {
  dispatch: Dispatch;
  complete: Complete;
  report: FailureReporter;
  help: HelpTexts;
}

export async function route(argv: string[], io: Io, commands: readonly AnyCommand[], binary: Binary): Promise<number> {
  let call: ParsedCommand;
  try {
    if (isCompletionCall(argv)) return await binary.complete(argv, io, commands);
    const cephArgs = io.env.CEPH_ARGS ? io.env.CEPH_ARGS.split(/\s+/).filter(Boolean) : [];
    const result = parseCommandLine([...cephArgs, ...argv], commands);
    if (result.kind === 'version') { io.stdout(VERSION_LINE + '\n'); return 0; }
    if (result.kind === 'help') {
      if (result.words.length === 0) { io.stdout(binary.help.global(commands)); return 0; }
      const text = binary.help.command(result.words, commands);
      if (!text) throw unknownCommand(result.words);
      io.stdout(text);
      return 0;
    }
    call = result.parsed;
  } catch (e) {
    return binary.report(e, io, commands);
  }
  return binary.dispatch(call);
}
