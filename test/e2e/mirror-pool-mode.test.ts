// `mirror pool enable|disable` on the local backend, following the recorded real-rbd session
// (lab transcript section 1 and the pool enable/disable bad inputs of section 8).
import { beforeAll, describe, expect, test } from 'vitest';
import { ok, okJson, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome();
const A = (...args: string[]) => ['--cluster', 'site-a', ...args];
const run = (args: string[]) => rbdIn(home, args);

describe('mirror pool enable/disable (transcript section 1)', () => {
  test('enable with --site-name, then info shows the mode, site name and no peers', async () => {
    await ok(home, A('pool', 'init', 'image-pool'));
    expect(await run(A('mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await ok(home, A('mirror', 'pool', 'info', 'image-pool'))).toBe('Mode: image\nSite Name: site-a\n\nPeer Sites: none\n');
    expect(await okJson(home, A('mirror', 'pool', 'info', 'image-pool'))).toEqual({ mode: 'image', site_name: 'site-a', peers: [] });
  });

  test('enabling the same mode again is informational on stdout, exit 0', async () => {
    expect(await run(A('mirror', 'pool', 'enable', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: 'rbd: mirroring is already configured for image mode\n', stderr: '' });
  });

  test('--site-name with the same name still says "already configured"', async () => {
    expect(await run(A('mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: 'rbd: mirroring is already configured for image mode\n', stderr: '' });
  });

  test('a changed --site-name suppresses the "already configured" line', async () => {
    expect(await run(A('mirror', 'pool', 'enable', '--site-name', 'site-x', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    await ok(home, A('mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image'));
  });

  test('disable, disable again (informational), and the site name is kept', async () => {
    expect(await run(A('mirror', 'pool', 'disable', 'image-pool'))).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await run(A('mirror', 'pool', 'disable', 'image-pool')))
      .toEqual({ code: 0, stdout: 'rbd: mirroring is already disabled\n', stderr: '' });
    expect(await ok(home, A('mirror', 'pool', 'info', 'image-pool'))).toBe('Mode: disabled\n');
    await ok(home, A('mirror', 'pool', 'enable', 'image-pool', 'pool'));
    expect(await ok(home, A('mirror', 'pool', 'info', 'image-pool'))).toBe('Mode: pool\nSite Name: site-a\n\nPeer Sites: none\n');
  });

  test('pool <-> image switches print a note on stdout', async () => {
    expect(await run(A('mirror', 'pool', 'enable', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: 'note: changing mirroring mode from pool to image\n', stderr: '' });
    expect(await run(A('mirror', 'pool', 'enable', 'image-pool', 'pool')))
      .toEqual({ code: 0, stdout: 'note: changing mirroring mode from image to pool\n', stderr: '' });
    expect(await run(A('mirror', 'pool', 'enable', 'image-pool', 'image')))
      .toEqual({ code: 0, stdout: 'note: changing mirroring mode from pool to image\n', stderr: '' });
    expect(await okJson(home, A('mirror', 'pool', 'info', 'image-pool'))).toEqual({ mode: 'image', site_name: 'site-a', peers: [] });
  });

  test('--pool and --namespace options work like the positional', async () => {
    await ok(home, A('pool', 'init', 'opt-pool'));
    await ok(home, A('mirror', 'pool', 'enable', '--pool', 'opt-pool', 'image'));
    expect(await okJson(home, A('mirror', 'pool', 'info', '-p', 'opt-pool'))).toMatchObject({ mode: 'image' });
    await ok(home, A('mirror', 'pool', 'disable', '-p', 'opt-pool'));
    expect(await okJson(home, A('mirror', 'pool', 'info', 'opt-pool'))).toEqual({ mode: 'disabled' });
  });
});

describe('namespaces have their own mode; peers and site name stay pool/cluster level', () => {
  // `rbd namespace create` belongs to another area; these wait for it rather than fail.
  let namespaces = false;
  beforeAll(async () => {
    await ok(home, A('pool', 'init', 'ns-pool'));
    namespaces = (await run(A('namespace', 'create', '--pool', 'ns-pool', '--namespace', 'ns1'))).code === 0;
  });

  test('enable and disable a namespace without touching the pool', async (t) => {
    if (!namespaces) t.skip();
    await ok(home, A('mirror', 'pool', 'enable', 'ns-pool/ns1', 'image'));
    expect(await okJson(home, A('mirror', 'pool', 'info', 'ns-pool/ns1'))).toEqual({ mode: 'image' });
    expect(await okJson(home, A('mirror', 'pool', 'info', 'ns-pool'))).toEqual({ mode: 'disabled' });
    expect(await run(A('mirror', 'pool', 'enable', '--namespace', 'ns1', 'ns-pool', 'image')))
      .toEqual({ code: 0, stdout: 'rbd: mirroring is already configured for image mode\n', stderr: '' });
    await ok(home, A('mirror', 'pool', 'disable', 'ns-pool/ns1'));
    expect(await okJson(home, A('mirror', 'pool', 'info', 'ns-pool/ns1'))).toEqual({ mode: 'disabled' });
  });

  test('a pool peer does not block disabling a namespace, but blocks the pool', async (t) => {
    if (!namespaces) t.skip();
    await ok(home, A('mirror', 'pool', 'enable', 'ns-pool', 'image'));
    await ok(home, A('mirror', 'pool', 'enable', 'ns-pool/ns1', 'pool'));
    const uuid = (await ok(home, A('mirror', 'pool', 'peer', 'add', 'ns-pool', 'client.x@site-x'))).trim();
    await ok(home, A('mirror', 'pool', 'disable', 'ns-pool/ns1'));
    const before = storeDigest(home);
    expect(await run(A('mirror', 'pool', 'disable', 'ns-pool')))
      .toEqual({ code: 16, stdout: '', stderr: 'rbd: mirror peers still registered\n' });
    expect(storeDigest(home)).toBe(before);
    await ok(home, A('mirror', 'pool', 'peer', 'remove', 'ns-pool', uuid));
    await ok(home, A('mirror', 'pool', 'disable', 'ns-pool'));
  });

  test('a missing namespace is ENOENT', async () => {
    expect(await run(A('mirror', 'pool', 'enable', 'ns-pool/nope', 'image')))
      .toEqual({ code: 2, stdout: '', stderr: "rbd: namespace 'nope' does not exist.\n" });
  });
});

describe('bad inputs change nothing (transcript section 8)', () => {
  const MODE = "rbd: must specify 'image' or 'pool' mode.\n";
  test.each([
    ['missing pool (enable)', ['mirror', 'pool', 'enable', 'no-such-pool', 'image'], 2, "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n"],
    ['invalid mode', ['mirror', 'pool', 'enable', 'image-pool', 'foo'], 22, MODE],
    ['mode disabled', ['mirror', 'pool', 'enable', 'image-pool', 'disabled'], 22, MODE],
    ['upper-case mode', ['mirror', 'pool', 'enable', 'image-pool', 'IMAGE'], 22, MODE],
    ['missing mode', ['mirror', 'pool', 'enable', 'image-pool'], 22, MODE],
    ['missing everything', ['mirror', 'pool', 'enable'], 22, MODE],
    ['missing pool (disable)', ['mirror', 'pool', 'disable', 'no-such-pool'], 2, "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n"],
    ['no pool (disable)', ['mirror', 'pool', 'disable'], 2, "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n"],
    ['invalid pool name', ['mirror', 'pool', 'disable', 'a@b'], 22, "rbd: invalid pool 'a@b'\n"],
    ['mode with --site-name but invalid mode', ['mirror', 'pool', 'enable', '--site-name', 'zzz', 'image-pool', 'bogus'], 22, MODE],
  ])('%s', async (_name, args, code, stderr) => {
    const before = storeDigest(home);
    expect(await run(A(...args))).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});
