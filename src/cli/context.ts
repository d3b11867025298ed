// What a command handler gets besides its arguments: the backend, the output format and a printer.
import type { Backend, BackendOptions } from '../backends/backend.js';
import { Errno, RbdError } from '../errors.js';
import type { Output, OutputFormat, Printer } from '../render/output.js';
import type { Paint } from '../render/paint.js';
import type { Io } from './io.js';

export interface Context extends Output {
  /** Opened on first use, so commands that fail on arguments never touch the store. */
  backend(): Promise<Backend>;
  /** Another cluster, named as --cluster names one (rbdm's `--to <cluster>`), through the same
   *  backend selection; closed with the call. `-c` applies to the --cluster one only. */
  openCluster(name: string): Promise<Backend>;
  backendOptions: BackendOptions;
  format: OutputFormat;
  pretty: boolean;
  /** Progress and spinners on stderr allowed: a terminal, no NO_COLOR, no --no-color, not CI. */
  progress: boolean;
  /** Set when plain output goes to a colour terminal (same rules, for stdout). */
  paint?: Paint;
  print: Printer;
  io: Io;
}

export function makePrinter(io: Io): Printer {
  return {
    line: (text = '') => io.stdout(text + '\n'),
    write: (text) => io.stdout(text),
    warn: (text) => io.stderr(text.endsWith('\n') ? text : text + '\n'),
  };
}

/** Colour (stdout) and progress/spinners (stderr): only on a terminal, never with NO_COLOR,
 *  --no-color or CI. */
export function decorations(io: Pick<Io, 'env' | 'stdoutIsTTY' | 'stderrIsTTY'>, noColorFlag: boolean): { colour: boolean; progress: boolean } {
  const allowed = !noColorFlag && !io.env.NO_COLOR && !io.env.CI;
  return { colour: allowed && io.stdoutIsTTY, progress: allowed && io.stderrIsTTY };
}

/** rbd's check for --pretty-format without a structured format. */
export function checkFormat(format: string | undefined, pretty: boolean | undefined): OutputFormat {
  const f = (format ?? 'plain') as OutputFormat;
  if (pretty && f === 'plain') throw new RbdError(Errno.EINVAL, '--pretty-format only works when --format is json or xml');
  return f;
}
