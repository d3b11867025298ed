// Every bad input: the exact message (real rbd's wording; one `rbd:` line where real rbd prints a
// librbd log line), the exit status, nothing on stdout, and nothing changed: the store byte for byte
// on local, the observable state (test/helpers/sites.ts `state()`) on the Ceph lab. Runs on either
// backend (RBDM_TEST_BACKEND=ceph RBDM_CEPH_LAB=1 for the lab); `only` marks backend-specific cases.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ON_CEPH, sites, TEST_BACKEND, type TestBackend } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';

interface Case {
  name: string; args: string[]; code: number; stderr: string | RegExp; stdin?: string; cluster?: 'site-a' | 'site-b';
  /** The case makes sense on this backend only (the reason is in a comment beside it). */
  only?: TestBackend;
  /** What the real Ceph lab does instead, where it differs (the reason is in a comment beside it). */
  onCeph?: { stderr?: string | RegExp; changesState?: true };
}


const s = sites('bad');
const IP = s.pool('image-pool');
const PL = s.pool('peer-lab');

const files = mkdtempSync(join(tmpdir(), 'rbdm-tokens-'));
const file = (name: string, content: string) => { const p = join(files, name); writeFileSync(p, content); return p; };
const b64 = (text: string) => Buffer.from(text).toString('base64');
const UUID0 = '00000000-0000-0000-0000-000000000000';

const CASES: Case[] = [
  // parser errors: exit 1
  { name: 'unknown option', args: ['mirror', 'pool', 'info', IP, '--bogus'], code: 1, stderr: "rbd: unrecognised option '--bogus'\n" },
  { name: 'bad --format', args: ['mirror', 'pool', 'info', IP, '--format', 'yaml'], code: 1, stderr: "rbd: the argument for option '--format' is invalid\n" },
  { name: 'too many arguments', args: ['mirror', 'image', 'enable', `${IP}/image-2`, 'snapshot', 'extra'], code: 1, stderr: 'rbd: too many arguments\n' },
  { name: 'peer add --direction tx-only', args: ['mirror', 'pool', 'peer', 'add', '--direction', 'tx-only', PL, 'client.x@site-x'], code: 1, stderr: "rbd: the argument for option '--direction' is invalid\n" },
  { name: 'import --direction foo', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', '--direction', 'foo', IP, '-'], code: 1, stderr: "rbd: the argument for option '--direction' is invalid\n" },
  { name: 'unknown subcommand', args: ['mirror', 'pool', 'frobnicate', IP], code: 1, stderr: `rbd: unknown option 'mirror pool frobnicate ${IP}'\n` },
  { name: '--pretty-format without json', args: ['mirror', 'pool', 'info', IP, '--pretty-format'], code: 22, stderr: 'rbd: --pretty-format only works when --format is json or xml\n' },
  // missing pools, namespaces, images
  { name: 'pool enable on a missing pool', args: ['mirror', 'pool', 'enable', 'no-such-pool', 'image'], code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" },
  { name: 'pool info with no pool', args: ['mirror', 'pool', 'info'], code: 2, stderr: "rbd: error opening default pool 'rbd' (ensure that the default pool has been created or specify an alternate pool name)\n" },
  { name: 'pool status on a missing pool', args: ['mirror', 'pool', 'status', 'no-such-pool'], code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" },
  { name: 'missing namespace', args: ['mirror', 'pool', 'info', `${IP}/ns1`], code: 2, stderr: "rbd: namespace 'ns1' does not exist.\n" },
  { name: 'image enable on a missing image', args: ['mirror', 'image', 'enable', `${IP}/no-such-image`, 'snapshot'], code: 2, stderr: 'rbd: error opening image no-such-image: (2) No such file or directory\n' },
  { name: 'image status on a missing image', args: ['mirror', 'image', 'status', `${IP}/no-such-image`], code: 2, stderr: 'rbd: error opening image no-such-image: (2) No such file or directory\n' },
  { name: 'image promote on a missing pool', args: ['mirror', 'image', 'promote', 'no-such-pool/image-1'], code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n" },
  { name: 'trailing slash spec', args: ['mirror', 'image', 'status', `${IP}/`], code: 2, stderr: /^rbd: error opening default pool 'rbd' \(ensure/ },
  // bad modes and missing arguments
  { name: 'pool enable bad mode', args: ['mirror', 'pool', 'enable', IP, 'foo'], code: 22, stderr: "rbd: must specify 'image' or 'pool' mode.\n" },
  { name: 'pool enable mode disabled', args: ['mirror', 'pool', 'enable', IP, 'disabled'], code: 22, stderr: "rbd: must specify 'image' or 'pool' mode.\n" },
  { name: 'pool enable missing mode', args: ['mirror', 'pool', 'enable', IP], code: 22, stderr: "rbd: must specify 'image' or 'pool' mode.\n" },
  { name: 'image enable bad mode', args: ['mirror', 'image', 'enable', `${IP}/image-1`, 'foo'], code: 22, stderr: 'rbd: invalid mode name: foo\n' },
  { name: 'image enable no spec', args: ['mirror', 'image', 'enable'], code: 22, stderr: 'rbd: image name was not specified\n' },
  { name: 'image promote no spec', args: ['mirror', 'image', 'promote'], code: 22, stderr: 'rbd: image name was not specified\n' },
  { name: 'snapshot part in spec', args: ['mirror', 'image', 'status', `${IP}/image-1@snap`], code: 22, stderr: "rbd: snapshot name specified for a command that doesn't use it\n" },
  { name: 'peer add without cluster', args: ['mirror', 'pool', 'peer', 'add', PL], code: 22, stderr: 'rbd: remote cluster was not specified\n' },
  { name: 'peer add bad spec', args: ['mirror', 'pool', 'peer', 'add', IP, 'client.x@'], code: 22, stderr: "rbd: invalid spec 'client.x@'\n" },
  { name: 'peer set without uuid', args: ['mirror', 'pool', 'peer', 'set', IP], code: 22, stderr: 'rbd: must specify peer uuid\n' },
  { name: 'peer set without key', args: ['mirror', 'pool', 'peer', 'set', IP, UUID0], code: 22, stderr: "rbd: must specify 'client', 'cluster', 'direction', 'key-file', 'mon-host', 'site-name' key.\n" },
  { name: 'peer set malformed uuid', args: ['mirror', 'pool', 'peer', 'set', IP, 'not-a-uuid', 'client', 'client.x'], code: 22, stderr: "rbd: invalid uuid 'not-a-uuid'\n" },
  { name: 'peer set unknown uuid', args: ['mirror', 'pool', 'peer', 'set', IP, UUID0, 'client', 'client.x'], code: 2, stderr: /^rbd: mirror peer .*does not exist|^rbd: .*failed to update client/ },
  { name: 'peer remove malformed uuid', args: ['mirror', 'pool', 'peer', 'remove', IP, 'not-a-uuid'], code: 22, stderr: "rbd: invalid uuid 'not-a-uuid'\n" },
  { name: 'second rx peer', args: ['mirror', 'pool', 'peer', 'add', IP, 'client.other@site-d'], code: 22, stderr: 'rbd: multiple RX peers are not currently supported\n' },
  { name: 'pool disable with peers', args: ['mirror', 'pool', 'disable', IP], code: 16, stderr: /^rbd: .*mirror peers still registered\n$/ },
  // disabled mirroring
  { name: 'pool status, mirroring disabled', args: ['mirror', 'pool', 'status', PL], code: 22, stderr: 'rbd: mirroring not enabled on the pool\n' },
  { name: 'pool promote, mirroring disabled', args: ['mirror', 'pool', 'promote', PL], code: 22, stderr: 'rbd: mirroring not enabled on the pool\n' },
  { name: 'bootstrap create, mirroring disabled', args: ['mirror', 'pool', 'peer', 'bootstrap', 'create', PL], code: 22, stderr: 'rbd: mirroring not enabled on the pool\n' },
  { name: 'image enable in a disabled pool', args: ['mirror', 'image', 'enable', `${PL}/img-x`, 'snapshot'], code: 22, stderr: /^rbd: .*mirroring is not enabled on a pool\n$/ },
  { name: 'image snapshot, not mirrored', args: ['mirror', 'image', 'snapshot', `${PL}/img-x`], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  { name: 'image promote, not mirrored', args: ['mirror', 'image', 'promote', `${PL}/img-x`], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  { name: 'image resync, not mirrored', args: ['mirror', 'image', 'resync', `${PL}/img-x`], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  { name: 'image status, not mirrored', args: ['mirror', 'image', 'status', `${PL}/img-x`], code: 22, stderr: 'rbd: mirroring not enabled on the image\n' },
  // primary-only refusals
  { name: 'promote of a primary', args: ['mirror', 'image', 'promote', `${IP}/image-1`], code: 22, stderr: /^rbd: .*image is already primary\n$/ },
  { name: 'promote --force of a primary', args: ['mirror', 'image', 'promote', '--force', `${IP}/image-1`], code: 22, stderr: /^rbd: .*image is already primary\n$/ },
  { name: 'resync of a primary', args: ['mirror', 'image', 'resync', `${IP}/image-1`], code: 22, stderr: /^rbd: .*image is primary, cannot resync to itself\n$/ },
  { name: 'mirror snapshot of a journal image', args: ['mirror', 'image', 'snapshot', `${IP}/image-1`], code: 22, stderr: 'rbd: snapshot based mirroring not enabled on the image\n' },
  { name: 'enable in the other mode', args: ['mirror', 'image', 'enable', `${IP}/image-2`, 'journal'], code: 22, stderr: /^rbd: .*invalid current image mirror mode/,
    // real librbd (Mirror.cc image_enable) turns the journaling feature on before it checks the
    // current mode, so on Ceph the image keeps it, as with Debian's rbd; local refuses first
    onCeph: { changesState: true } },
  // bootstrap tokens
  { name: 'import: garbage token', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, file('garbage', '%%% not base64 %%%\n')], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: base64 of non-JSON', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, file('nonjson', b64('hello world') + '\n')], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: JSON missing fields', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, file('partial', b64('{"fsid":"x","client_id":"y"}'))], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: JSON array', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, file('array', b64('[1,2,3]'))], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: empty file', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, file('empty', '')], code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: empty stdin', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], stdin: '', code: 22, stderr: /^rbd: .*(failed to import peer bootstrap token|invalid bootstrap token)/, cluster: 'site-b' },
  { name: 'import: missing file', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '/nonexistent.token'], code: 2, stderr: 'rbd: error opening /nonexistent.token\n', cluster: 'site-b' },
  { name: 'import: no token path', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', IP], code: 22, stderr: 'rbd: token path was not specified\n', cluster: 'site-b' },
  { name: 'import: missing pool', args: ['mirror', 'pool', 'peer', 'bootstrap', 'import', 'no-such-pool', '-'], stdin: 'x', code: 2, stderr: "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n", cluster: 'site-b' },
  // schedules
  { name: 'schedule: bad interval', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '5x'], code: 22, stderr: 'rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: Invalid interval (5x)\n' },
  { name: 'schedule: negative interval', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '--', '-1h'], code: 22, stderr: 'rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: Invalid interval (-1h)\n' },
  { name: 'schedule: zero interval (refused, unlike real Ceph)', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '0m'], code: 22, stderr: /Invalid interval \(0m\)/ },
  { name: 'schedule: bad start time 25:00', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '1h', '25:00'], code: 22, stderr: /^rbd: rbd mirror snapshot schedule add failed: \(22\) Invalid argument: Invalid start time 25:00/ },
  { name: 'schedule: bad start time noon', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '1h', 'noon'], code: 22, stderr: /^rbd: rbd mirror snapshot schedule add failed: \(22\) Invalid argument: Invalid start time noon/ },
  { name: 'schedule: missing interval', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP], code: 22, stderr: "rbd: missing 'interval' argument\n" },
  { name: 'schedule: missing pool', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', 'no-such-pool', '1h'], code: 22, stderr: 'rbd: rbd mirror snapshot schedule add failed: (22) Invalid argument: Invalid level spec no-such-pool/: pool no-such-pool does not exist\n' },
  { name: 'schedule: journal-mode image', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '--image', 'image-1', '1h'], code: 22, stderr: new RegExp(`^rbd: rbd mirror snapshot schedule add failed: \\(22\\) Invalid argument: Invalid level spec ${IP}/image-1: image image-1`) },
  { name: 'schedule: extra positional', args: ['mirror', 'snapshot', 'schedule', 'add', '--pool', IP, '1h', '14:00', 'extra'], code: 1, stderr: 'rbd: too many arguments\n' },
  { name: 'schedule status: missing pool', args: ['mirror', 'snapshot', 'schedule', 'status', '--pool', 'no-such-pool'], code: 74, stderr: /^rbd: rbd mirror snapshot schedule status failed: \(22\) Invalid argument: Invalid level spec no-such-pool\/: pool no-such-pool does not exist/ },
  // config overrides
  { name: 'mirroring snapshot limit below 3', args: ['--rbd-mirroring-max-mirroring-snapshots', '2', 'mirror', 'image', 'snapshot', `${IP}/image-2`], code: 22, stderr: /rbd_mirroring_max_mirroring_snapshots/ },
];

describe.skipIf(s.skip)(s.title('bad input: one line, the right exit status, nothing changed'), () => {
  const { a, b } = s;
  let last = '';

  beforeAll(async () => {
    await Promise.all([s.createPool('site-a', 'image-pool'), s.createPool('site-b', 'image-pool'), s.createPool('site-a', 'peer-lab')]);
    await a('mirror', 'pool', 'enable', '--site-name', 'site-a', IP, 'image');
    await b('mirror', 'pool', 'enable', '--site-name', 'site-b', IP, 'image');
    const token = await a('mirror', 'pool', 'peer', 'bootstrap', 'create', IP);
    await b.ok(['mirror', 'pool', 'peer', 'bootstrap', 'import', IP, '-'], { stdin: token });
    await a('create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', `${IP}/image-1`);
    await a('create', '--size', '64M', `${IP}/image-2`);
    await a('create', '--size', '8M', `${PL}/img-x`);
    await a('mirror', 'image', 'enable', `${IP}/image-1`, 'journal');
    await a('mirror', 'image', 'enable', `${IP}/image-2`, 'snapshot');
    last = await s.state();
  }, scaled(180_000));
  afterAll(() => s.cleanup(), 120_000);

  test.each(CASES.filter((c) => !c.only || c.only === TEST_BACKEND))('$name', async (c) => {
    const r = await s.site(c.cluster ?? 'site-a').run(c.args, { stdin: c.stdin });
    const before = last;
    last = await s.state();   // the next case compares with this, even when this one fails
    const expected = { ...c, ...(ON_CEPH ? c.onCeph : undefined) };
    expect(r.code, r.stderr).toBe(expected.code);
    if (typeof expected.stderr === 'string') expect(r.stderr).toBe(expected.stderr);
    else expect(r.stderr).toMatch(expected.stderr);
    if (!/^rbd: unknown option '/.test(r.stderr)) expect(r.stdout).toBe(''); // the global usage, as rbd
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    if (ON_CEPH && c.onCeph?.changesState) expect(last).not.toBe(before);
    else expect(last).toBe(before);
  });
});
