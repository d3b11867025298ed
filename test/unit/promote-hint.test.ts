// `mirror image promote` answering EBUSY: on a terminal a hint (rbdm addition) comes before real
// rbd's line; anywhere else the output is real rbd's alone.
import { join } from 'node:path';
import { LocalFixtures } from '../../src/backends/local/replication/fixtures.js';
import { beforeAll, expect, test } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import { tempHome } from '../helpers/rbd.js';

const home = tempHome('rbdm-promote-hint-');
const BUSY = 'rbd: error promoting image to primary: image is primary within a remote cluster or demotion is not propagated yet\n';

async function rbd(args: string[], tty = false): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: Io = {
    stdout: () => undefined, stderr: (t) => { stderr += t; }, readStdin: async () => '',
    env: { RBDM_HOME: home, RBDM_BACKEND: 'local' }, stdoutIsTTY: tty, stderrIsTTY: tty,
  };
  return { code: await main(['--cluster', 'site-b', ...args], io, COMMANDS), stderr };
}

beforeAll(async () => {
  const site = createLocalBackend({ cluster: 'site-b', configOverrides: {} }, { RBDM_HOME: home });
  await site.osdPoolCreate('p');                        // `ceph osd pool create p`
  await site.close();
  for (const args of [['pool', 'init', 'p'], ['mirror', 'pool', 'enable', 'p', 'image'], ['create', '--size', '1M', 'p/i'], ['mirror', 'image', 'enable', 'p/i', 'journal']]) {
    expect((await rbd(args)).code).toBe(0);
  }
  // as a remote primary's daemon would leave it: non-primary, demotion not received
  const fixtures = new LocalFixtures(join(home, 'site-b'));
  fixtures.setPromotion('i', 'non-primary');
  fixtures.close();
});

test('on a terminal: the hint says no daemon runs here, then rbd\'s own line', async () => {
  const r = await rbd(['mirror', 'image', 'promote', 'p/i'], true);
  expect(r.code).toBe(16);
  expect(r.stderr).toBe('hint: no rbd-mirror daemon is running for site-b, so the peer\'s demotion can never arrive here; start one, ' +
    'or if the primary site is lost, promote with --force (then demote and resync the old primary when it returns)\n' + BUSY);
});

test('not a terminal: exactly real rbd\'s output', async () => {
  expect(await rbd(['mirror', 'image', 'promote', 'p/i'])).toEqual({ code: 16, stderr: BUSY });
});
