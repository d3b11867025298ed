// snapl: the snapshot life cycle and layering over librbd (native/src/ops-clone.cc).
import type { CloneApi } from '../backend.js';
import { toMask } from '../../rules/features.js';
import { SNAP_NAMESPACE_TYPE, type ChildImage, type ParentInfo } from '../types.js';
import { imageArgs } from './images.js';
import type { NativeCluster } from './native.js';

interface RawLinked { pool: string; pool_namespace: string; image: string; id: string; trash: boolean }
interface RawParent extends RawLinked { snapshot: string; snap_id: number; snap_namespace_type: number; overlap: number }

const child = (r: RawLinked): ChildImage => ({ pool: r.pool, namespace: r.pool_namespace, image: r.image, id: r.id, trash: r.trash });

export function cloneApi(c: NativeCluster): CloneApi {
  return {
    renameSnap: async (ref, from, to) => { await c.call('snap_rename', ...imageArgs(ref), from, to); },
    setSnapProtection: async (ref, snap, protect) => { await c.call('snap_protect', ...imageArgs(ref), snap, protect); },
    cloneImage: async (parent, snap, target, opts) => {
      await c.call('clone', ...imageArgs(parent), snap, ...imageArgs(target), opts.format === 'auto' ? 0 : opts.format, toMask(opts.features));
    },
    flattenImage: async (ref) => { await c.call('flatten', ...imageArgs(ref)); },
    listChildren: async (ref, snap) =>
      (await c.call<RawLinked[]>('children', ...imageArgs(ref), snap)).map(child)
        .sort((a, b) => a.pool.localeCompare(b.pool) || a.namespace.localeCompare(b.namespace) || a.image.localeCompare(b.image)),
    imageParent: async (ref) => {
      const r = await c.call<RawParent | null>('parent', ...imageArgs(ref));
      if (!r) return undefined;
      const p: ParentInfo = {
        pool: r.pool, namespace: r.pool_namespace, image: r.image, id: r.id, snapshot: r.snapshot,
        snapNamespace: r.snap_namespace_type === SNAP_NAMESPACE_TYPE.trash ? 'trash' : 'user', trash: r.trash, overlap: r.overlap,
      };
      return p;
    },
  };
}
