// Every bad input: the exact message (real rbd's wording; one `rbd:` line where real rbd prints a
// librbd log line), the exit status, nothing on stdout, and a store that is byte-for-byte unchanged.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

interface Case { name: string; args: string[]; code: number; stderr: string | RegExp; stdin?: string; cluster?: string }

const files = mkdtempSync(join(tmpdir(), 'rbdm-tokens-'));
const file = (name: string, content: string) => { const p = join(files, name); writeFileSync(p, content); return p; };
const b64 = (s: string) => Buffer.from(s).toString('base64');
const UUID0 = '00000000-0000-0000-0000-000000000000';

const CASES: Case[] = [
  // parser errors: exit 1
  { name: 'unknown option', args: ['mirror', 'pool', 'info', 'image-pool', '--bogus'], code: 1, stderr: "rbd: unrecognised option '--bogus'\n" },
  { name: 'bad --format', args: ['mirror', 'pool', 'info', 'image-pool', '--format', 'yaml'], code: 1, stderr: "rbd: the argument for option '--format' is invalid\n" },
  { name: 'too many arguments', args: ['mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot', 'extra'], code: 1, stderr: 'rbd: too many arguments\n' },
  { name: 'peer add --direction tx-only', args: ['mirror', 'pool', 'peer', 'add', '--direction', 'tx-only', 'peer-lab', 'client.x@site-x'], code: 1, stderr: "rbd: the argument for option '--direction' is invalid\n" },
  { name: 'import --direction foo', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', '--direction', 'foo', 'image-pool', '-'], code: 1, stderr: "rbd: the argument for option '--direction' is invalid\n" },
  { name: 'unknown subcommand', args: ['mirror', 'pool', 'frobnicate', 'image-pool'], code: 1, stderr: "error: unknown option 'mirror pool frobnicate image-pool'\n\n" },
  { name: '--pretty-format without json', args: ['mirror', 'pool', 'info', 'image-pool', '--pretty-format'], code: 22, stderr: 'rbd: --pretty-format only works when --format is json or xml\n' },
  // missing pools, namespaces, images
  { name: 'pool enable on a missing pool', args: ['mirror', 'pool', 'enable', 'no-such-pool', 'image'], code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" },
  { name: 'pool info with no pool', args: ['mirror', 'pool', 'info'], code: 2, stderr: "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n" },
  { name: 'pool status on a missing pool', args: ['mirror', 'pool', 'status', 'no-such-pool'], code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" },
  { name: 'missing namespace', args: ['mirror', 'pool', 'info', 'image-pool/ns1'], code: 2, stderr: "rbd: namespace 'ns1' does not exist.\n" },
  { name: 'image enable on a missing image', args: ['mirror', 'image', 'enable', 'image-pool/no-such-image', 'snapshot'], code: 2, stderr: 'rbd: error opening image no-such-image: (2) No such file or directory\n' },
  { name: 'image status on a missing image', args: ['mirror', 'image', 'status', 'image-pool/no-such-image'], code: 2, stderr: 'rbd: error opening image no-such-image: (2) No such file or directory\n' },
  { name: 'image promote on a missing pool', args: ['mirror', 'image', 'promote', 'no-such-pool/image-1'], code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" },
  { name: 'trailing slash spec', args: ['mirror', 'image', 'status', 'image-pool/'], code: 2, stderr: /^rbd: error opening default pool 'rbd' \(ensure/ },
  // bad modes and missing arguments
  { name: 'pool enable bad mode', args: ['mirror', 'pool', 'enable', 'image-pool', 'foo'], code: 22, stderr: "rbd: must specify 'image' or 'pool' mode.\n" },
  { name: 'pool enable mode disabled', args: ['mirror', 'pool', 'enable', 'image-pool', 'disabled'], code: 22, stderr: "rbd: must specify 'image' or 'pool' mode.\n" },
  { name: 'pool enable missing mode', args: ['mirror', 'pool', 'enable', 'image-pool'], code: 22, stderr: "rbd: must specify 'image' or 'pool' mode.\n" },
  { name: 'image enable bad mode', args: ['mirror', 'image', 'enable', 'image-pool/image-1', 'foo'], code: 22, stderr: 'rbd: invalid mode name: foo\n' },
  { name: 'image enable no spec', args: ['mirror', 'image', 'enable'], code: 22, stderr: 'rbd: image name was not specified\n' },
  { name: 'image promote no spec', args: ['mirror', 'image', 'promote'], code: 22, stderr: 'rbd: image name was not specified\n' },
  { name: 'snapshot part in spec', args: ['mirror', 'image', 'status', 'image-pool/image-1@snap'], code: 22, stderr: "rbd: snapshot name specified for a command that doesn't use it\n" },
  { name: 'peer add without cluster', args: ['mirror', 'pool', 'peer', 'add', 'peer-lab'], code: 22, stderr: 'rbd: remote cluster was not specified\n' },
  { name: 'peer add bad spec', args: ['mirror', 'pool', 'peer', 'add', 'image-pool', 'client.x@'], code: 22, stderr: "rbd: invalid spec 'client.x@'\n" },
  { name: 'peer set without uuid', args: ['mirror', 'pool', 'peer', 'set', 'image-pool'], code: 22, stderr: 'rbd: must specify peer uuid\n' },
  { name: 'peer set without key', args: ['mirror', 'pool', 'peer', 'set', 'image-pool', UUID0], code: 22, stderr: "rbd: must specify 'client', 'cluster', 'direction', 'key-file', 'mon-host', 'site-name' key.\n" },
  { name: 'peer set malformed uuid', args: ['mirror', 'pool', 'peer', 'set', 'image-pool', 'not-a-uuid', 'client', 'client.x'], code: 22, stderr: "rbd: invalid uuid 'not-a-uuid'\n" },
  { name: 'peer set unknown uuid', args: ['mirror', 'pool', 'peer', 'set', 'image-pool', UUID0, 'client', 'client.x'], code: 2, stderr: /^rbd: mirror peer .*does not exist|^rbd: .*failed to update client/ },
  { name: 'peer remove malformed uuid', args: ['mirror', 'pool', 'peer', 'remove', 'image-pool', 'not-a-uuid'], code: 22, stderr: "rbd: invalid uuid 'not-a-uuid'\n" },
  { name: 'second rx peer', args: ['mirror', 'pool', 'peer', 'add', 'image-pool', 'client.other@site-d'], code: 22, stderr: 'rbd: multiple RX peers are not currently supported\n' },
  { name: 'pool disable with peers', args: ['mirror', 'pool', 'disable', 'image-pool'], code: 16, stderr: /^rbd: .*mirror peers still registered\n$/ },
  // disabled mirroring
  { name: 'pool status, mirroring disabled', args: ['mirror', 'pool', 'status', 'peer-lab'], code: 22, stderr: 'rbd: mirroring not enabled on the pool\n' },
  { name: 'pool promote, mirroring disabled', args: ['mirror', 'pool', 'promote', 'peer-lab'], code: 22, stderr: 'rbd: mirroring not enabled on the pool\n' },
  { name: 'bootstrap create, mirroring disabled', args: ['mirror', 'pool', 'peer', 'bootstrap', 'create', 'peer-lab'], code: 22, stderr: 'rbd: mirroring not enabled on the pool\n' },
  { name: 'image enable in a disabled pool', args: ['mirror', 'image', 'enable', 'peer-lab/img-x', 'snapshot'], code: 22, stderr: /^rbd: .*mirroring is not enabled on a pool\n$/ },
  { name: 'image snapshot, not mirrored', args: ['mirror', 'image', 'snapshot', 'peer-lab/img-x'], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  { name: 'image promote, not mirrored', args: ['mirror', 'image', 'promote', 'peer-lab/img-x'], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  { name: 'image resync, not mirrored', args: ['mirror', 'image', 'resync', 'peer-lab/img-x'], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  { name: 'image status, not mirrored', args: ['mirror', 'image', 'status', 'peer-lab/img-x'], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  // primary-only refusals
  { name: 'promote of a primary', args: ['mirror', 'image', 'promote', 'image-pool/image-1'], code: 22, stderr: /^rbd: .*image is already primary\n$/ },
  { name: 'promote --force of a primary', args: ['mirror', 'image', 'promote', '--force', 'image-pool/image-1'], code: 22, stderr: /^rbd: .*image is already primary\n$/ },
  { name: 'resync of a primary', args: ['mirror', 'image', 'resync', 'image-pool/image-1'], code: 22, stderr: /^rbd: .*image is primary, cannot resync to itself\n$/ },
  { name: 'mirror snapshot of a journal image', args: ['mirror', 'image', 'snapshot', 'image-pool/image-1'], code: 22, stderr: 'rbd: snapshot based mirroring not enabled on the image\n' },
  { name: 'enable in the other mode', args: ['mirror', 'image', 'enable', 'image-pool/image-2', 'journal'], code: 22, stderr: /^rbd: .*invalid current image mirror mode/ },
  // bootstrap tokens
  { name: 'import: garbage token', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', file('garbage', '%%% not base64 %%%\n')], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: base64 of non-JSON', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', file('nonjson', b64('hello world') + '\n')], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: JSON missing fields', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', file('partial', b64('{"fsid":"x","client_id":"y"}'))], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: JSON array', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', file('array', b64('[1,2,3]'))], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: empty file', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', file('empty', '')], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: empty stdin', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], stdin: '', code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: missing file', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '/nonexistent.token'], code: 2, stderr: 'rbd: error opening /nonexistent.token\n', cluster: 'site-b' },
  { name: 'import: no token path', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool'], code: 22, stderr: 'rbd: token path was not specified\n', cluster: 'site-b' },
  { name: 'import: missing pool', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'no-such-pool', '-'], stdin: 'x', code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n", cluster: 'site-b' },
  // schedules
  { name: 'schedule: bad interval', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '5x'], code: 22, stderr: 'rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: Invalid interval (5x)\n' },
  { name: 'schedule: negative interval', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '--', '-1h'], code: 22, stderr: 'rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: Invalid interval (-1h)\n' },
  { name: 'schedule: zero interval (refused, unlike real Ceph)', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '0m'], code: 22, stderr: /Invalid interval \(0m\)/ },
  { name: 'schedule: bad start time 25:00', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '1h', '25:00'], code: 22, stderr: /^rbd: rbd mirror snapshot schedule add failed: \(22\) Invalid argument: Invalid start time 25:00/ },
  { name: 'schedule: bad start time noon', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '1h', 'noon'], code: 22, stderr: /^rbd: rbd mirror snapshot schedule add failed: \(22\) Invalid argument: Invalid start time noon/ },
  { name: 'schedule: missing interval', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool'], code: 22, stderr: "rbd: missing 'interval' argument\n" },
  { name: 'schedule: missing pool', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'no-such-pool', '1h'], code: 22, stderr: 'rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: Invalid level spec no-such-pool/: pool no-such-pool does not exist\n' },
  { name: 'schedule: journal-mode image', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '--image', 'image-1', '1h'], code: 22, stderr: /^rbd: rbd mirror snapshot schedule add failed: \(22\) Invalid argument: Invalid level spec image-pool\/image-1: image image-1/ },
  { name: 'schedule: extra positional', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '1h', '14:00', 'extra'], code: 1, stderr: 'rbd: too many arguments\n' },
  { name: 'schedule status: missing pool', args: ['mirror', 'snapshot', 'schedule', 'status', '--pool', 'no-such-pool'], code: 74, stderr: /^rbd: rbd mirror snapshot schedule status failed: \(22\) Invalid argument: Invalid level spec no-such-pool\/: pool no-such-pool does not exist/ },
  // config overrides
  { name: 'mirroring snapshot limit below 3', args: ['--rbd-mirroring-max-mirroring-snapshots', '2', 'mirror', 'image', 'snapshot', 'image-pool/image-2'], code: 22, stderr: /rbd_mirroring_max_mirroring_snapshots/ },
];

describe('bad input: one line, the right exit status, nothing changed', () => {
  const home = tempHome();
  const a = ['--cluster', 'site-a'];
  const b = ['--cluster', 'site-b'];

  beforeAll(async () => {
    for (const c of [a, b]) await ok(home, [...c, 'pool', 'init', 'image-pool']);
    await ok(home, [...a, 'pool', 'init', 'peer-lab']);
    await ok(home, [...a, 'mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image']);
    await ok(home, [...b, 'mirror', 'pool', 'enable', '--site-name', 'site-b', 'image-pool', 'image']);
    const token = await ok(home, [...a, 'mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool']);
    await ok(home, [...b, 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], { stdin: token });
    await ok(home, [...a, 'create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1']);
    await ok(home, [...a, 'create', '--size', '64M', 'image-pool/image-2']);
    await ok(home, [...a, 'create', '--size', '8M', 'peer-lab/img-x']);
    await ok(home, [...a, 'mirror', 'image', 'enable', 'image-pool/image-1', 'journal']);
    await ok(home, [...a, 'mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot']);
  });

  test.each(CASES)('$name', async (c) => {
    const before = storeDigest(home);
    const r = await rbdIn(home, ['--cluster', c.cluster ?? 'site-a', ...c.args], { stdin: c.stdin });
    expect(r.code, r.stderr).toBe(c.code);
    if (typeof c.stderr === 'string') expect(r.stderr).toBe(c.stderr);
    else expect(r.stderr).toMatch(c.stderr);
    if (!/^error: unknown option/.test(r.stderr)) expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    expect(storeDigest(home)).toBe(before);
  });
});
