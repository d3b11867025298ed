// `rbd ls` / `rbd ls -l`: image names, or one row per image and per user snapshot.
import type { Backend } from '../backends/backend.js';
import type { ImageListEntry, PoolRef } from '../backends/types.js';
import { Errno, isRbdError, RbdError } from '../errors.js';
import { openPool } from './open.js';
import type { ResolvedPool } from './specs.js';

export type ImageListing = { long: false; names: string[] } | { long: true; images: ImageListEntry[] };

export async function listImages(backend: Backend, ref: ResolvedPool, opts: { long: boolean }): Promise<ImageListing> {
  try {
    await openPool(backend, ref);
    if (!opts.long) return { long: false, names: await backend.listImages(ref) };
    if (backend.listImageDetails) return { long: true, images: await backend.listImageDetails(ref) };
    return { long: true, images: await detailsOneByOne(backend, ref) };
  } catch (e) {
    // rbd prints the open failure, then its own summary line, with the same errno
    if (isRbdError(e)) throw new RbdError(e.errno, `listing images failed: ${e.message}`);
    throw e;
  }
}

/** Fallback for backends without the bulk call: what rbd does, one image at a time. */
async function detailsOneByOne(backend: Backend, ref: PoolRef): Promise<ImageListEntry[]> {
  const out: ImageListEntry[] = [];
  for (const name of await backend.listImages(ref)) {
    const image = { ...ref, image: name };
    try {
      const info = await backend.imageInfo(image);
      const snaps = (await backend.listSnaps(image)).filter((s) => s.namespace.type === 'user');
      out.push({
        name, id: info.id, size: info.size, format: 2,
        snapshots: snaps.map((s) => ({ id: s.id, name: s.name, size: s.size, protected: s.protected })),
      });
    } catch (e) {
      if (!isRbdError(e, Errno.ENOENT)) throw e; // removed meanwhile: skipped, as rbd does
    }
  }
  return out;
}
