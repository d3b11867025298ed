// The process boundary: where output goes and where input comes from. main() gets one; tests
// can build one over buffers. Nothing below src/cli touches process.stdout/stderr/stdin.

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Everything on standard input (tokens piped into `bootstrap import -`). */
  readStdin(): Promise<string>;
  env: NodeJS.ProcessEnv;
  /** stdout/stderr are terminals (colour and spinners only then). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The name the binary was called by (`rbd`, or `rbdm` beside Ceph's own rbd): the completion
   *  script registers and calls back that name. Messages say `rbd:` either way. */
  program?: string;
}

export function processIo(): Io {
  return {
    stdout: (t) => { process.stdout.write(t); },
    stderr: (t) => { process.stderr.write(t); },
    // Read the stream, not readFileSync(0): a pipe whose writer has not written yet makes the
    // synchronous read fail with EAGAIN (`create | import -` runs both sides at once).
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    stdoutIsTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
  };
}
