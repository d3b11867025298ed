// Mirror status records and the rbd-mirror daemon registry (the service map), as read by
// `mirror image status` and `mirror pool status`.
import type { MirrorImageApi } from '../backend.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

export type MirrorStatusApi = Pick<MirrorImageApi, 'mirrorImageGlobalStatus' | 'mirrorImageStatusList' | 'mirrorDaemons'>;

export function mirrorStatusApi(_core: LocalCore): MirrorStatusApi {
  return {
    mirrorImageGlobalStatus: async () => notImplemented('mirrorImageGlobalStatus'),
    mirrorImageStatusList: async () => notImplemented('mirrorImageStatusList'),
    mirrorDaemons: async () => notImplemented('mirrorDaemons'),
  };
}
