// The process boundary: where output goes and where input comes from. main() gets one; tests
// can build one over buffers. Nothing below src/cli touches process.stdout/stderr/stdin.
import { readFileSync } from 'node:fs';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Everything on standard input (tokens piped into `bootstrap import -`). */
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** stdout/stderr are terminals (colour and spinners only then). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIo(): Io {
  return {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
    readStdin: async () => {
      if (process.stdin.isTTY) return '';
      try {
        return readFileSync(0, 'utf8');
      } catch {
        return '';
      }
    },
    env: process.env,
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
  };
}
