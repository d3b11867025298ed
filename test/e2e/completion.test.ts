// Shell completion goes through yargs built from the same command definitions.
import { expect, test } from 'vitest';
import { ok, tempHome } from '../helpers/rbd.js';

test('rbd completion prints a bash script and completes command words', async () => {
  const home = tempHome();
  expect(await ok(home, ['completion'])).toContain('rbd --get-yargs-completions');
  expect((await ok(home, ['--get-yargs-completions', 'rbd', 'mirror', ''])).split('\n')).toEqual(expect.arrayContaining(['pool', 'image', 'snapshot']));
  expect((await ok(home, ['--get-yargs-completions', 'rbd', 'mirror', 'pool', 'peer', ''])).split('\n'))
    .toEqual(expect.arrayContaining(['add', 'remove', 'set', 'bootstrap']));
});
