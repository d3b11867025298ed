// Differences the transcript replay (test/conformance) found and that are fixed, pinned here with
// the real rbd 16.2.15 output so they hold without the lab transcript.
import { describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome();
const A = (...args: string[]) => ['--cluster', 'site-a', ...args];

describe('help laid out as rbd 16.2 prints it (OptionPrinter + IndentStream)', () => {
  test('a long command name: options start on the next line at column 38', async () => {
    expect(await ok(home, ['help', 'mirror', 'pool', 'peer', 'bootstrap', 'import'])).toBe(`\
usage: rbd mirror pool peer bootstrap import
                                      [--pool <pool>] 
                                      [--site-name <site-name>] 
                                      [--token-path <token-path>] 
                                      [--direction <direction>] 
                                      <pool-name> <token-path> 

Import a peer bootstrap token created from a remote cluster

Positional arguments
  <pool-name>          pool name
  <token-path>         bootstrap token file (or '-' for stdin)

Optional arguments
  -p [ --pool ] arg    pool name
  --site-name arg      local site name
  --token-path arg     bootstrap token file (or '-' for stdin)
  --direction arg      mirroring direction (rx-only, rx-tx)
                       [default: rx-tx]

`);
  });

  test('an alias shows as typed; the description column follows the widest name', async () => {
    expect(await ok(home, ['help', 'mirror', 'snapshot', 'schedule', 'ls'])).toBe(`\
usage: rbd mirror snapshot schedule ls
                                      [--pool <pool>] 
                                      [--namespace <namespace>] 
                                      [--image <image>] [--recursive] 
                                      [--format <format>] [--pretty-format] 

List mirror snapshot schedule.

Optional arguments
  -p [ --pool ] arg    pool name
  --namespace arg      namespace name
  --image arg          image name
  -R [ --recursive ]   list all schedules
  --format arg         output format (plain, json, or xml) [default: plain]
  --pretty-format      pretty formatting (json and xml)

`);
    const peerAdd = await ok(home, ['mirror', 'pool', 'peer', 'add', '--help']);
    expect(peerAdd).toContain('\n  <remote-cluster-spec>    remote cluster spec\n                           (example: [<client name>@]<cluster name>)\n');
    expect(peerAdd).toContain('\n  --remote-client-name arg remote client name\n');
  });

  test('the global usage wraps descriptions before column 80 and lists rbd\'s global options in its order', async () => {
    const all = await ok(home, ['help']);
    expect(all).toContain(`\
    mirror pool peer bootstrap create Create a peer bootstrap token to import
                                      in a remote cluster
`);
    expect(all).toContain(`\
Optional arguments:
  -c [ --conf ] arg                   path to cluster configuration
  --cluster arg                       cluster name
  --id arg                            client id (without 'client.' prefix)
  -n [ --name ] arg                   client name
  -m [ --mon_host ] arg               monitor host
  -K [ --keyfile ] arg                path to secret key
  -k [ --keyring ] arg                path to keyring
`);
  });
});

describe('schedule remove parses its interval only when the level has schedules', () => {
  test('an empty level: anything goes, exit 0; a level with schedules: Invalid interval', async () => {
    await createPool(home, 'site-a', 'image-pool');
    await ok(home, A('mirror', 'pool', 'enable', 'image-pool', 'image'));
    const before = storeDigest(home);
    expect(await rbdIn(home, A('mirror', 'snapshot', 'schedule', 'rm', '--pool', 'image-pool', '1H')))
      .toEqual({ code: 0, stdout: '', stderr: '' });
    expect(storeDigest(home)).toBe(before);
    await ok(home, A('mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '2d'));
    expect(await rbdIn(home, A('mirror', 'snapshot', 'schedule', 'rm', '--pool', 'image-pool', '1H'))).toEqual({
      code: 22, stdout: '',
      stderr: 'rbd: rbd mirror snapshot schedule remove failed: (22) Invalid argument: Invalid interval (1H)\n',
    });
    await ok(home, A('mirror', 'snapshot', 'schedule', 'rm', '--pool', 'image-pool', '2d'));
  });
});

describe('-c with a file that does not exist', () => {
  test('exit 1 with global_init\'s message, before any cluster is touched', async () => {
    const before = storeDigest(home);
    expect(await rbdIn(home, ['-c', '/nonexistent.conf', 'mirror', 'pool', 'info', 'image-pool'])).toEqual({
      code: 1, stdout: '', stderr: 'global_init: unable to open config file from search list /nonexistent.conf\n',
    });
    expect(storeDigest(home)).toBe(before);
  });
});
