// librbd's reasons for refusing an operation, keyed by its C API call and errno. Real rbd prints
// the errno's summary while librbd logs the reason on a line of its own; rbdm prints one line with
// the reason in it, so both backends must word a refusal alike: the local backend throws these
// where it emulates librbd's checks, the ceph backend maps librbd's bare errno onto them.
// Where librbd has several reasons for one errno, they are named.
import { Errno, RbdError } from '../errors.js';

type Reasons = { readonly [errno: number]: string | { readonly [reason: string]: string } };

export const LIBRBD_FAILURES = {
  rbd_create4: {
    [Errno.EINVAL]: {
      mirroringDisabled: 'cannot enable mirroring: mirroring is not enabled on the pool',
      poolMode: 'cannot enable mirroring: pool is not in image mirror mode',
    },
  },
  rbd_mirror_image_enable: {
    [Errno.EINVAL]: {
      poolDisabled: 'cannot enable mirroring: mirroring is not enabled on a pool',
      namespaceDisabled: 'cannot enable mirroring: mirroring is not enabled on a namespace',
      poolMode: 'cannot enable mirroring: pool is not in image mirror mode',
      imageMode: 'invalid current image mirror mode',
      parentNotMirrored: 'mirroring is not enabled for the parent', // snapl
    },
  },
  rbd_mirror_image_disable: {
    [Errno.EINVAL]: {
      poolMode: 'cannot disable mirroring in the current pool mirroring mode',
      notPrimary: 'mirrored image is not primary, add force option to disable mirroring',
    },
    [Errno.EPERM]: 'mirrored image is not primary, add force option to disable mirroring',
    [Errno.EBUSY]: 'mirroring is enabled on one or more children', // snapl
  },
  rbd_mirror_image_promote: {
    [Errno.EBUSY]: 'image is primary within a remote cluster or demotion is not propagated yet',
    [Errno.EINVAL]: 'image is already primary',
  },
  rbd_mirror_image_demote: { [Errno.EINVAL]: 'image is not primary' },
  rbd_mirror_image_resync: { [Errno.EINVAL]: 'image is primary, cannot resync to itself' },
  rbd_mirror_mode_set: { [Errno.EBUSY]: 'mirror peers still registered' },
  // a tx-only direction, librbd's other EINVAL here, is refused by the domain before the call
  rbd_mirror_peer_site_add: { [Errno.EINVAL]: 'cannot add self as remote peer' },
  rbd_update_features: { [Errno.EINVAL]: 'failed to update image features: (22) Invalid argument' },
} as const satisfies Record<string, Reasons>;

export type LibrbdOperation = keyof typeof LIBRBD_FAILURES;

/** The one reason librbd gives for `op` failing with `errno`; undefined when it has none, or
 *  several (the caller must find out which, as librbd decided it). */
export function librbdReason(op: string, errno: number): string | undefined {
  const reason = (LIBRBD_FAILURES as Record<string, Reasons>)[op]?.[errno];
  return typeof reason === 'string' ? reason : undefined;
}

/** librbd's refusal of `op` with `errno`, in librbd's wording (`reason` picks one of several). */
export function librbdError(op: LibrbdOperation, errno: number, reason?: string): RbdError {
  const entry = (LIBRBD_FAILURES as Record<string, Reasons>)[op]?.[errno];
  const text = typeof entry === 'string' ? entry : reason !== undefined ? entry?.[reason] : undefined;
  if (text === undefined) throw new Error(`no librbd reason ${op}/${errno}/${reason ?? ''}`);
  return new RbdError(errno, text);
}
