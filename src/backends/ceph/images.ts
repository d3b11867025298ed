// Images and snapshots (rbd_list2, rbd_create4, rbd_stat, rbd_snap_*).
import type { ImageApi } from '../backend.js';
import { IMAGE_MIRROR_MODES, type ImageInfo, type ImageRef } from '../types.js';
import { flagNames, opFeatureNames, toMask, toNames } from '../../rules/features.js';
import { isListedSnap, mirrorInfo, type RawMirrorInfo, snap, type RawSnap } from './convert.js';
import type { NativeCluster } from './native.js';

interface RawInfo {
  id: string; size: number; order: number; object_size: number; object_count: number; features: number;
  op_features: number; flags: number; block_name_prefix: string; create_timestamp: number; access_timestamp: number;
  modify_timestamp: number; data_pool?: string; snapshot_count: number; mirror?: RawMirrorInfo;
}

export const imageArgs = (ref: ImageRef): [string, string, string] => [ref.pool, ref.namespace, ref.image];

export function imageApi(c: NativeCluster): ImageApi {
  return {
    listImages: async (ref) =>
      (await c.call<{ id: string; name: string }[]>('image_list', ref.pool, ref.namespace)).map((i) => i.name).sort(),
    createImage: async (ref, o) => {
      await c.call('image_create', ref.pool, ref.namespace, ref.image, o.size, o.order, toMask(o.features),
        o.dataPool ?? '', o.mirrorImageMode ? IMAGE_MIRROR_MODES.indexOf(o.mirrorImageMode) : -1);
    },
    removeImage: async (ref) => { await c.call('image_remove', ...imageArgs(ref)); },
    imageInfo: async (ref) => {
      const r = await c.call<RawInfo>('image_info', ...imageArgs(ref));
      const features = toNames(r.features);
      const info: ImageInfo = {
        name: ref.image, id: r.id, size: r.size, order: r.order, objectSize: r.object_size, objectCount: r.object_count,
        features, opFeatures: opFeatureNames(r.op_features), flags: flagNames(r.flags),
        createTimestamp: Math.round(r.create_timestamp), accessTimestamp: Math.round(r.access_timestamp),
        modifyTimestamp: Math.round(r.modify_timestamp), snapshotCount: r.snapshot_count, blockNamePrefix: r.block_name_prefix,
      };
      if (r.data_pool) info.dataPool = r.data_pool;
      // librbd names an image's journal after the image id.
      if (features.includes('journaling')) info.journalId = r.id;
      if (r.mirror && r.mirror.state !== 2) info.mirroring = mirrorInfo(r.mirror);
      return info;
    },
    updateFeatures: async (ref, features, enabled) => {
      await c.call('update_features', ...imageArgs(ref), toMask(features), enabled);
    },
    listSnaps: async (ref) => (await c.call<RawSnap[]>('snap_list', ...imageArgs(ref))).filter(isListedSnap).map(snap),
    createSnap: async (ref, name) => { await c.call('snap_create', ...imageArgs(ref), name); },
    removeSnap: async (ref, name) => { await c.call('snap_remove', ...imageArgs(ref), name); },
  };
}
