// `rbd --get-yargs-completions <words...>`: the candidates for the last word, one per line
// (called back by the script `rbd completion` prints).
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';
import { clusterNames } from './completion-names.js';
import { scanWords } from './completion-scan.js';
import { completeWords } from './completion-words.js';

export async function runCompletion(argv: string[], io: Io, commands: readonly AnyCommand[]): Promise<number> {
  const [program = 'rbd', ...rest] = argv.slice(1);
  const cephArgs = io.env.CEPH_ARGS ? io.env.CEPH_ARGS.split(/\s+/).filter(Boolean) : [];
  const words = [program, ...cephArgs, ...rest];
  if (rest.length === 0) words.push('');
  const names = clusterNames(scanWords(words.slice(1, -1), commands), io.env);
  try {
    const found = await completeWords(words, commands, names);
    io.stdout(found.map((w) => `${w}\n`).join(''));
  } finally {
    await names.close();
  }
  return 0;
}
