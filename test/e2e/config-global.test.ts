import { beforeAll, describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const G = ['--cluster', 'site-a', 'config', 'global'];

describe('rbd config global', () => {
  const home = tempHome();
  beforeAll(async () => { await createPool(home, 'site-a', 'image-pool'); });

  test('nothing set: list prints nothing (JSON []), get is ENOENT', async () => {
    expect(await ok(home, [...G, 'list', 'global'])).toBe('');
    expect(await ok(home, [...G, 'ls', 'global', '--format', 'json'])).toBe('[]\n');
    expect(await rbdIn(home, [...G, 'get', 'global', 'rbd_mirroring_max_mirroring_snapshots']))
      .toEqual({ code: 2, stdout: '', stderr: 'rbd: rbd_mirroring_max_mirroring_snapshots is not set\n' });
  });

  test('set, get, list and remove persist per cluster', async () => {
    await ok(home, [...G, 'set', 'global', 'rbd_mirroring_max_mirroring_snapshots', '10']);
    await ok(home, [...G, 'set', 'global', 'rbd_default_data_pool', 'data-pool']);
    expect(await ok(home, [...G, 'get', 'global', 'rbd_mirroring_max_mirroring_snapshots'])).toBe('10\n');
    expect(await ok(home, [...G, 'list', 'global'])).toBe(
      'Name                                   Value      Section\n' +
      'rbd_default_data_pool                  data-pool  global \n' +
      'rbd_mirroring_max_mirroring_snapshots  10         global \n');
    expect(JSON.parse(await ok(home, [...G, 'ls', 'client', '--format', 'json']))).toEqual([
      { name: 'rbd_default_data_pool', value: 'data-pool', section: 'global' },
      { name: 'rbd_mirroring_max_mirroring_snapshots', value: '10', section: 'global' },
    ]);
    // a value set globally is not "set" for a client section
    expect(await rbdIn(home, [...G, 'get', 'client.admin', 'rbd_default_data_pool'])).toMatchObject({ code: 2 });
    await ok(home, [...G, 'rm', 'global', 'rbd_default_data_pool']);
    await ok(home, [...G, 'remove', 'global', 'rbd_default_data_pool']);
    expect(await ok(home, [...G, 'ls', 'global', '--format', 'xml'])).toBe(
      '<config><option><name>rbd_mirroring_max_mirroring_snapshots</name><value>10</value><section>global</section></option></config>\n');
    // other clusters are not affected
    expect(await rbdIn(home, ['--cluster', 'site-b', 'config', 'global', 'ls', 'global'])).toMatchObject({ code: 2 });
  });

  const BAD: [string[], number, string][] = [
    [['set', 'global', 'rbd_mirroring_max_mirroring_snapshots', '2'], 22,
      'rbd: error setting rbd_mirroring_max_mirroring_snapshots: value 2 for rbd_mirroring_max_mirroring_snapshots is below the minimum 3\n'],
    [['set', 'global', 'rbd_mirroring_max_mirroring_snapshots', 'many'], 22,
      "rbd: error setting rbd_mirroring_max_mirroring_snapshots: error parsing value 'many' for rbd_mirroring_max_mirroring_snapshots: expected an integer\n"],
    [['set', 'osd', 'rbd_default_pool', 'x'], 22, 'rbd: invalid config entity: osd (must be global, client or client.<id>)\n'],
    [['get'], 22, 'rbd: invalid config entity:  (must be global, client or client.<id>)\n'],
    [['get', 'global'], 22, 'rbd: config key was not specified\n'],
    [['set', 'global', 'mon_host', 'x'], 22, 'rbd: not rbd option: mon_host\n'],
    [['set', 'global', 'rbd_no_such_option', 'x'], 22, 'rbd: invalid config key: rbd_no_such_option\n'],
  ];
  test.each(BAD)('bad input %j exits %i and changes nothing', async (args, code, stderr) => {
    const before = storeDigest(home);
    expect(await rbdIn(home, [...G, ...args])).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});
