// Status output is coloured on a colour terminal only: never for a pipe, NO_COLOR, --no-color or CI.
import { expect, test } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { createPool, ok, tempHome } from '../helpers/rbd.js';

async function statusOn(home: string, tty: boolean, env: NodeJS.ProcessEnv = {}, extra: string[] = []): Promise<string> {
  let out = '';
  const io: Io = {
    stdout: (t) => { out += t; }, stderr: () => undefined, readStdin: async () => '',
    env: { RBDM_HOME: home, RBDM_BACKEND: 'local', ...env }, stdoutIsTTY: tty, stderrIsTTY: tty,
  };
  expect(await main(['--cluster', 'site-a', ...extra, 'mirror', 'pool', 'status', 'image-pool'], io, COMMANDS)).toBe(0);
  return out;
}

test('health words are coloured on a terminal, plain everywhere else', async () => {
  const home = tempHome();
  await createPool(home, 'site-a', 'image-pool');
  await ok(home, ['--cluster', 'site-a', 'mirror', 'pool', 'enable', 'image-pool', 'image']);
  const plain = 'health: UNKNOWN\ndaemon health: UNKNOWN\nimage health: OK\nimages: 0 total\n';
  // eslint-disable-next-line no-control-regex
  expect(await statusOn(home, true)).toMatch(/^health: \x1b\[33mUNKNOWN\x1b\[39m\ndaemon health: \x1b\[33mUNKNOWN\x1b\[39m\n/);
  expect((await statusOn(home, true)).replace(/\x1b\[\d+m/g, '')).toBe(plain);
  expect(await statusOn(home, false)).toBe(plain);
  expect(await statusOn(home, true, { NO_COLOR: '1' })).toBe(plain);
  expect(await statusOn(home, true, { CI: 'true' })).toBe(plain);
  expect(await statusOn(home, true, {}, ['--no-color'])).toBe(plain);
});
