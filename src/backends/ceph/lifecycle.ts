// life: rename, the pool trash, image-meta and lockers over librbd (native/src/ops-lifecycle.cc).
import type { ImageLifecycleApi } from '../backend.js';
import { TRASH_SOURCES, type ImageLocks, type TrashEntry } from '../types.js';
import { imageArgs } from './images.js';
import type { NativeCluster } from './native.js';

interface RawTrash { id: string; name: string; source: number; deletion_time: number; deferment_end_time: number }

export function lifecycleApi(c: NativeCluster): ImageLifecycleApi {
  const trashList = async (pool: string, namespace: string): Promise<TrashEntry[]> =>
    (await c.call<RawTrash[]>('trash_list', pool, namespace))
      .map((t): TrashEntry => ({
        id: t.id, name: t.name, source: TRASH_SOURCES[t.source] ?? 'USER', deletedAt: t.deletion_time, defermentEnd: t.deferment_end_time,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    renameImage: async (ref, newName) => { await c.call('image_rename', ...imageArgs(ref), newName); },
    trashMove: async (ref, delay) => { await c.call('trash_move', ...imageArgs(ref), delay); },
    trashList: (ref) => trashList(ref.pool, ref.namespace),
    trashRestore: async (ref, id, name) => {
      // librbd restores under the given name: the rbd tool passes the one it had when none is given
      const restoreAs = name || (await trashList(ref.pool, ref.namespace)).find((t) => t.id === id)?.name || '';
      await c.call('trash_restore', ref.pool, ref.namespace, id, restoreAs);
    },
    trashRemove: async (ref, id, force) => { await c.call('trash_remove', ref.pool, ref.namespace, id, force); },
    trashPurge: async (ref, expiredBefore, threshold) => { await c.call('trash_purge', ref.pool, ref.namespace, expiredBefore, threshold); },
    metadataList: (ref) => c.call<Record<string, string>>('metadata_list', ...imageArgs(ref)),
    metadataGet: (ref, key) => c.call<string>('metadata_get', ...imageArgs(ref), key),
    metadataSet: async (ref, key, value) => { await c.call('metadata_set', ...imageArgs(ref), key, value); },
    metadataRemove: async (ref, key) => { await c.call('metadata_remove', ...imageArgs(ref), key); },
    listLockers: (ref) => c.call<ImageLocks>('list_lockers', ...imageArgs(ref)),
  };
}
