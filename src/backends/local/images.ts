// Images and their snapshots.
import type { ImageApi } from '../backend.js';
import type { LocalCore } from './core.js';
import { notImplemented } from './not-implemented.js';

export function imageApi(_core: LocalCore): ImageApi {
  return {
    listImages: async () => notImplemented('listImages'),
    createImage: async () => notImplemented('createImage'),
    removeImage: async () => notImplemented('removeImage'),
    imageInfo: async () => notImplemented('imageInfo'),
    updateFeatures: async () => notImplemented('updateFeatures'),
    listSnaps: async () => notImplemented('listSnaps'),
    createSnap: async () => notImplemented('createSnap'),
    removeSnap: async () => notImplemented('removeSnap'),
  };
}
