// Shell completion through yargs (loaded only here): `rbd completion` prints the bash script,
// which calls back `rbd --get-yargs-completions <words>`.
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';
import { buildYargs } from './yargs-adapter.js';


export async function runCompletion(argv: string[], io: Io, commands: readonly AnyCommand[]): Promise<number> {
  const y = await buildYargs(commands, argv[0] === 'completion' ? [] : argv, () => undefined);
  const out: string[] = [];
  const script = y.completion('completion', false).strict(false);
  if (argv[0] === 'completion') {
    const original = console.log;
    console.log = (...parts: unknown[]) => { out.push(parts.join(' ')); };
    try { script.showCompletionScript(); } finally { console.log = original; }
  } else {
    const words = argv.slice(argv.indexOf('--get-yargs-completions') + 1);
    const completions = await new Promise<string[]>((resolve) => {
      script.getCompletion(words, (err, list) => resolve(err ? [] : [...(list ?? [])]));
    });
    out.push(...completions);
  }
  io.stdout(out.join('\n') + '\n');
  return 0;
}
