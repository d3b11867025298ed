// Per-image mirroring: enable/disable, promote/demote, resync, mirror snapshots, status.
import type { MirrorImageApi } from '../backend.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

export function mirrorImageApi(_core: LocalCore): MirrorImageApi {
  return {
    mirrorImageEnable: async () => notImplemented('mirrorImageEnable'),
    mirrorImageDisable: async () => notImplemented('mirrorImageDisable'),
    mirrorImagePromote: async () => notImplemented('mirrorImagePromote'),
    mirrorImageDemote: async () => notImplemented('mirrorImageDemote'),
    mirrorImageResync: async () => notImplemented('mirrorImageResync'),
    mirrorImageGetInfo: async () => notImplemented('mirrorImageGetInfo'),
    mirrorImageCreateSnapshot: async () => notImplemented('mirrorImageCreateSnapshot'),
    mirrorImageGlobalStatus: async () => notImplemented('mirrorImageGlobalStatus'),
    mirrorImageStatusList: async () => notImplemented('mirrorImageStatusList'),
    mirrorDaemons: async () => notImplemented('mirrorDaemons'),
  };
}
