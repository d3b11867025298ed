// `rbd mirror image ...` refusals: exact message, exit status, and an unchanged store.
import { beforeAll, describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';

const home = tempHome('rbdm-b2-bad-');
const site = (...args: string[]) => ['--cluster', 'site-a', ...args];

beforeAll(async () => {
  for (const pool of ['image-pool', 'peer-lab', 'pool-2']) await createPool(home, 'site-a', pool);
  for (const args of [
    ['mirror', 'pool', 'enable', 'image-pool', 'image'], ['mirror', 'pool', 'enable', 'pool-2', 'pool'],
    ['mirror', 'pool', 'peer', 'add', 'image-pool', 'client.rbd-mirror-peer@site-b'],
    ['create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1'],
    ['create', '--size', '64M', 'image-pool/image-2'],
    ['create', '--size', '32M', 'image-pool/image-5'],
    ['create', '--size', '8M', 'peer-lab/img-x'],
    ['create', '--size', '8M', '--image-feature', 'layering,exclusive-lock', 'pool-2/pm-plain'],
    ['mirror', 'image', 'enable', 'image-pool/image-1', 'journal'],
    ['mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot'],
    ['mirror', 'image', 'enable', 'image-pool/image-5', 'snapshot'],
    ['mirror', 'image', 'demote', 'image-pool/image-5'],
  ]) await ok(home, site(...args));
});

const NO_IMAGE = 'rbd: error opening image no-such-image: (2) No such file or directory\n';
const NOT_ENABLED = 'rbd: mirroring not enabled on the image\n';

describe('mirror image bad inputs', () => {
  test.each([
    // transcript section 8
    [['enable', 'image-pool/no-such-image', 'snapshot'], 2, NO_IMAGE],
    [['enable', 'no-such-pool/image-1', 'snapshot'], 2, "rbd: error opening pool 'no-such-pool': (2) No such file or directory\n"],
    [['enable', 'image-pool/image-1', 'foo'], 22, 'rbd: invalid mode name: foo\n'],
    [['enable'], 22, 'rbd: image name was not specified\n'],
    [['enable', 'peer-lab/img-x', 'snapshot'], 22, 'rbd: cannot enable mirroring: mirroring is not enabled on a pool\n'],
    [['promote', 'image-pool/no-such-image'], 2, NO_IMAGE],
    [['demote', 'image-pool/no-such-image'], 2, NO_IMAGE],
    [['resync', 'image-pool/no-such-image'], 2, NO_IMAGE],
    [['snapshot', 'image-pool/no-such-image'], 2, NO_IMAGE],
    [['snapshot', 'peer-lab/img-x'], 22, NOT_ENABLED],
    [['promote', 'peer-lab/img-x'], 22, NOT_ENABLED],
    [['demote', 'peer-lab/img-x'], 22, NOT_ENABLED],
    [['resync', 'peer-lab/img-x'], 22, NOT_ENABLED],
    [['disable', 'peer-lab/img-x'], 22, 'rbd: cannot disable mirroring in the current pool mirroring mode\n'],
    [['disable', 'image-pool/no-such-image'], 2, NO_IMAGE],
    [['enable', 'pool-2/pm-plain', 'snapshot'], 22, 'rbd: cannot enable mirroring: pool is not in image mirror mode\n'],
    [['enable', 'pool-2/pm-plain', 'journal'], 22, 'rbd: cannot enable mirroring: pool is not in image mirror mode\n'],
    [['disable', 'pool-2/pm-plain'], 22, 'rbd: cannot disable mirroring in the current pool mirroring mode\n'],
    // sections 4 and 5
    [['enable', 'image-pool/image-2', 'journal'], 22, 'rbd: invalid current image mirror mode\n'],
    [['snapshot', 'image-pool/image-1'], 22, 'rbd: snapshot based mirroring not enabled on the image\n'],
    [['promote', 'image-pool/image-1'], 22, 'rbd: error promoting image to primary: image is already primary\n'],
    [['promote', '--force', 'image-pool/image-1'], 22, 'rbd: error promoting image to primary: image is already primary\n'],
    [['resync', 'image-pool/image-1'], 22, 'rbd: error flagging image resync: image is primary, cannot resync to itself\n'],
    [['demote', 'image-pool/image-5'], 22, 'rbd: error demoting image to non-primary: image is not primary\n'],
    [['snapshot', 'image-pool/image-5'], 22,
      'rbd: error creating snapshot: (22) Invalid argument: trying to create primary snapshot without force when previous primary snapshot is demoted\n'],
    [['disable', 'image-pool/image-5'], 22, 'rbd: mirrored image is not primary, add force option to disable mirroring\n'],
    // argument checks
    [['snapshot', '--skip-quiesce', '--ignore-quiesce-error', 'image-pool/image-2'], 22,
      'rbd: ignore-quiesce-error cannot be used together with skip-quiesce\n'],
    [['promote', 'image-pool/image-1@snap'], 22, "rbd: snapshot name specified for a command that doesn't use it\n"],
    [['demote', 'image-pool/nons/image-1'], 2, "rbd: namespace 'nons' does not exist.\n"],
  ] as [string[], number, string][])('mirror image %j → %i', async (args, code, stderr) => {
    const before = storeDigest(home);
    const r = await rbdIn(home, site('mirror', 'image', ...args));
    expect(r).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });

  test('the image is opened before the mode is checked (as rbd does)', async () => {
    const r = await rbdIn(home, site('mirror', 'image', 'enable', 'image-pool/no-such-image', 'foo'));
    expect(r).toEqual({ code: 2, stdout: '', stderr: NO_IMAGE });
  });

  test('quiesce options are checked before the image is opened', async () => {
    const r = await rbdIn(home, site('mirror', 'image', 'snapshot', '--skip-quiesce', '--ignore-quiesce-error', 'image-pool/no-such-image'));
    expect(r).toEqual({ code: 22, stdout: '', stderr: 'rbd: ignore-quiesce-error cannot be used together with skip-quiesce\n' });
  });
});
