// The fast parseArgs path and the yargs tree are built from the same definitions; for every
// command, a sample command line must parse to the same command and the same values.
import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { AnyCommand } from '../../src/cli/define.js';
import { parseCommandLine } from '../../src/cli/parse.js';
import { parseWithYargs } from '../../src/cli/yargs-adapter.js';

/** A command line that uses every option and positional of the command. */
function sampleArgv(c: AnyCommand): string[] {
  const argv = ['--cluster', 'site-a', ...c.path];
  c.positionals.forEach((p, i) => argv.push(`${p.name}-value${i}`));
  for (const [name, def] of Object.entries(c.options)) {
    if (def.type === 'boolean') argv.push(def.alias ? `-${def.alias}` : `--${name}`);
    else {
      const value = def.choices ? def.choices[def.choices.length - 1]! : `${name}-v`;
      argv.push(`--${name}`, value);
      if (def.multiple) argv.push(`--${name}`, value + '2');
    }
  }
  return argv;
}

describe('fast parser and yargs agree', () => {
  for (const c of COMMANDS) {
    test(c.path.join(' '), async () => {
      const argv = sampleArgv(c);
      const fast = parseCommandLine(argv, COMMANDS);
      if (fast.kind !== 'command') throw new Error('fast path did not find a command');
      const slow = await parseWithYargs(COMMANDS, argv);
      expect(slow.path).toEqual([...c.path]);
      expect(slow.args).toEqual(fast.parsed.args);
      // and with nothing but the command words
      const bare = parseCommandLine([...c.path], COMMANDS);
      if (bare.kind !== 'command') throw new Error('bare command not found');
      expect((await parseWithYargs(COMMANDS, [...c.path])).args).toEqual(bare.parsed.args);
    });
  }
});
