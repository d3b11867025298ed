// The process boundary: where output goes and where input comes from. main() gets one; tests
// can build one over buffers. Nothing below src/cli touches process.stdout/stderr/stdin.
import { isTerminal, writeText } from './fd-output.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input (tokens piped into `bootstrap import -`), at most maxBytes of it: the rest
   *  is never read, so an endless pipe cannot fill memory. */
  readStdin(maxBytes?: number): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** stdout/stderr are terminals (colour and spinners only then). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called (`--watch`);
   *  absent where there are no signals (tests over buffers). */
  onStop?(handler: (signal: string) => void): () => void;
  /** The name the binary was called by (`rbd`, or `rbdm` beside Ceph's own rbd): the completion
   *  script registers and calls back that name. Messages say `rbd:` either way. */
  program?: string;
}

export function processIo(): Io {
  let stdoutTTY: boolean | undefined;
  let stderrTTY: boolean | undefined;
  return {
    stdout: (t) => writeText(1, t),
    stderr: (t) => writeText(2, t),
    // Read the stream, not readFileSync(0): a pipe whose writer has not written yet makes the
    // synchronous read fail with EAGAIN (`create | import -` runs both sides at once).
    readStdin: async (maxBytes = Number.POSITIVE_INFINITY) => {
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        n += (chunk as Buffer).length;
        if (n >= maxBytes) break; // leaving the loop destroys the stream
      }
      const all = Buffer.concat(chunks);
      return (n > maxBytes ? all.subarray(0, maxBytes) : all).toString('utf8');
    },
    env: process.env,
    // asked only when colour or progress could be on (not under NO_COLOR, --no-color or CI)
    get stdoutIsTTY() { return (stdoutTTY ??= isTerminal(1)); },
    get stderrIsTTY() { return (stderrTTY ??= isTerminal(2)); },
    onStop: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => { process.off('SIGINT', handler); process.off('SIGTERM', handler); };
    },
  };
}
