// Per-image mirroring control (rbd_mirror_image_*): each call opens the image, acts, closes it.
import { Errno, isRbdError } from '../../errors.js';
import { librbdError } from '../../rules/librbd-failures.js';
import type { MirrorImageApi } from '../backend.js';
import { IMAGE_MIRROR_MODES, type ImageRef } from '../types.js';
import { mirrorInfo, type RawMirrorInfo } from './convert.js';
import { imageArgs } from './images.js';
import type { NativeCluster } from './native.js';

export type MirrorImageControlApi = Omit<MirrorImageApi, 'mirrorImageGlobalStatus' | 'mirrorImageStatusList' | 'mirrorDaemons'>;

/** librbd's log wording for a refused enable: pool mode first, then the image's current mode. */
async function enableRefusal(c: NativeCluster, ref: ImageRef): Promise<Error> {
  const mode = await c.call<number>('mirror_mode_get', ref.pool, ref.namespace).catch(() => -1);
  const reason = mode === 0 ? 'poolDisabled' : mode === 2 ? 'poolMode' : 'imageMode';
  return librbdError('rbd_mirror_image_enable', Errno.EINVAL, reason);
}

export function mirrorImageApi(c: NativeCluster): MirrorImageControlApi {
  return {
    mirrorImageEnable: async (ref, mode) => {
      try {
        await c.call('mirror_enable', ...imageArgs(ref), IMAGE_MIRROR_MODES.indexOf(mode));
      } catch (e) {
        // librbd names the reason for EINVAL only in its log: find it as librbd decided it
        if (isRbdError(e, Errno.EINVAL)) throw await enableRefusal(c, ref);
        throw e;
      }
    },
    mirrorImageDisable: async (ref, force) => {
      try {
        await c.call('mirror_disable', ...imageArgs(ref), force);
      } catch (e) {
        // librbd says EINVAL for two reasons and names which only in its log: tell them apart
        if (!force && isRbdError(e, Errno.EINVAL)) {
          const info = await c.call<RawMirrorInfo>('mirror_get_info', ...imageArgs(ref)).catch(() => undefined);
          if (info && !info.primary) throw librbdError('rbd_mirror_image_disable', Errno.EINVAL, 'notPrimary');
        }
        throw e;
      }
    },
    mirrorImagePromote: async (ref, force) => { await c.call('mirror_promote', ...imageArgs(ref), force); },
    mirrorImageDemote: async (ref) => { await c.call('mirror_demote', ...imageArgs(ref)); },
    mirrorImageResync: async (ref) => { await c.call('mirror_resync', ...imageArgs(ref)); },
    mirrorImageGetInfo: async (ref) => mirrorInfo(await c.call<RawMirrorInfo>('mirror_get_info', ...imageArgs(ref))),
    mirrorImageCreateSnapshot: (ref) => c.call<number>('mirror_snapshot', ...imageArgs(ref)),
  };
}
