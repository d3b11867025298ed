// Per-image mirroring: enable/disable, promote/demote, resync, mirror snapshots.
import type { MirrorImageApi } from '../backend.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

export type MirrorImageControlApi = Omit<MirrorImageApi, 'mirrorImageGlobalStatus' | 'mirrorImageStatusList' | 'mirrorDaemons'>;

export function mirrorImageApi(_core: LocalCore): MirrorImageControlApi {
  return {
    mirrorImageEnable: async () => notImplemented('mirrorImageEnable'),
    mirrorImageDisable: async () => notImplemented('mirrorImageDisable'),
    mirrorImagePromote: async () => notImplemented('mirrorImagePromote'),
    mirrorImageDemote: async () => notImplemented('mirrorImageDemote'),
    mirrorImageResync: async () => notImplemented('mirrorImageResync'),
    mirrorImageGetInfo: async () => notImplemented('mirrorImageGetInfo'),
    mirrorImageCreateSnapshot: async () => notImplemented('mirrorImageCreateSnapshot'),
  };
}
