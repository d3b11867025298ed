// `rbd help <command...>` and `<command> --help` work for every command, in rbd's layout.
import { describe, expect, test } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '',
    env: { RBDM_HOME: '/nonexistent-rbdm-home', RBDM_BACKEND: 'local' }, stdoutIsTTY: false, stderrIsTTY: false,
  };
  const code = await main(argv, io, COMMANDS);
  return { code, stdout, stderr };
}

describe('help', () => {
  for (const c of COMMANDS) {
    test(`rbd help ${c.path.join(' ')} / --help`, async () => {
      const viaHelp = await run(['help', ...c.path]);
      expect(viaHelp).toMatchObject({ code: 0, stderr: '' });
      // boost's layout: `usage: rbd <command>` then options on the same line, or from the next one
      expect(viaHelp.stdout).toMatch(new RegExp(`^usage: rbd ${c.path.join(' ')}[ \n]`));
      expect(viaHelp.stdout).toContain(c.describe);
      expect(await run([...c.path, '--help'])).toEqual(viaHelp);
      // an alias's help names the alias as typed; the rest is the same
      const details = (text: string) => text.slice(text.indexOf(`\n\n${c.details ?? c.describe}`));
      for (const alias of c.aliases ?? []) {
        for (const argv of [['help', ...alias], [...alias, '--help']]) {
          const viaAlias = (await run(argv)).stdout;
          expect(viaAlias.startsWith(`usage: rbd ${alias.join(' ')}`)).toBe(true);
          expect(details(viaAlias)).toBe(details(viaHelp.stdout));
        }
      }
    });
  }

  test('rbd help alone lists every command; an unknown one is a usage error', async () => {
    const all = await run(['help']);
    expect(all.code).toBe(0);
    for (const c of COMMANDS) expect(all.stdout).toContain(c.path.join(' '));
    const bad = await run(['help', 'mirror', 'frobnicate']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("rbd: unknown option 'mirror frobnicate'\n"); // one line (rbd: two, the second empty)
  });
});
