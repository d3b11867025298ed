// snapl: `rbd snap rename|protect|unprotect`, `rbd clone`, `rbd flatten`, `rbd children`
// (tools/rbd/action/{Snap,Clone,Flatten,Children}.cc): argument rules and rbd's messages; the
// librbd rules themselves are the backend's.
import type { Backend, CloneFormat } from '../backends/backend.js';
import type { ChildImage } from '../backends/types.js';
import { Errno, RbdError } from '../errors.js';
import { featuresFromConfig, toMask, toNames, SINGLE_CLIENT } from '../rules/features.js';
import { librbdFailure, withProgress, type Progress } from './image-failure.js';
import type { CreateRequest } from './images.js';
import { openImage, openPool } from './open.js';
import type { ResolvedImage, ResolvedSnapImage } from './specs.js';

export async function renameSnapshot(backend: Backend, src: ResolvedSnapImage, dest: ResolvedSnapImage): Promise<void> {
  if (src.pool !== dest.pool || src.namespace !== dest.namespace || src.image !== dest.image) {
    throw new RbdError(Errno.EINVAL, 'source and destination image name must be the same');
  }
  await openImage(backend, src);
  try {
    await backend.renameSnap(src, src.snap, dest.snap);
  } catch (e) {
    librbdFailure(e, 'renaming snap failed', [Errno.ENOENT, Errno.EEXIST, Errno.EROFS]);
  }
}

/** `snap protect|unprotect`: rbd checks the current state first and says so in its own words. */
export async function setSnapshotProtection(backend: Backend, ref: ResolvedSnapImage, protect: boolean): Promise<void> {
  await openImage(backend, ref);
  try {
    await backend.setSnapProtection(ref, ref.snap, protect);
  } catch (e) {
    if (e instanceof RbdError && protect && e.errno === Errno.EBUSY) throw new RbdError(Errno.EBUSY, 'snap is already protected');
    if (e instanceof RbdError && !protect && e.errno === Errno.EINVAL) throw new RbdError(Errno.EINVAL, 'snap is already unprotected');
    librbdFailure(e, protect ? 'protecting snap failed' : 'unprotecting snap failed', [Errno.ENOENT, Errno.EBUSY, Errno.EROFS]);
  }
}

/** rbd_default_clone_format: 1, 2 or auto (the config parser's rule: anything else is EINVAL). */
export function parseCloneFormat(value: string): CloneFormat {
  if (value === '1' || value === '2') return Number(value) as 1 | 2;
  if (value === 'auto') return 'auto';
  throw new RbdError(Errno.EINVAL, `parse error setting 'rbd_default_clone_format' to '${value}' ('${value}' is not one of the permitted values: 1, 2, auto)`);
}

export async function cloneImage(backend: Backend, parent: ResolvedSnapImage, child: ResolvedImage, req: CreateRequest): Promise<void> {
  const format = parseCloneFormat(await backend.getConfig('rbd_default_clone_format'));
  await openPool(backend, child);
  let features = req.features ?? featuresFromConfig(await backend.getConfig('rbd_default_features'));
  if (req.shared) features = toNames(toMask(features) & ~SINGLE_CLIENT);
  try {
    await backend.cloneImage(parent, parent.snap, child, { format, features, ...(req.order ? { order: req.order } : {}) });
  } catch (e) {
    librbdFailure(e, 'clone error', [Errno.ENOENT, Errno.EEXIST, Errno.EINVAL, Errno.EROFS]);
  }
}

export async function flattenImage(backend: Backend, ref: ResolvedImage, progress: Progress): Promise<void> {
  await openImage(backend, ref);
  try {
    await withProgress(progress, () => backend.flattenImage(ref));
  } catch (e) {
    librbdFailure(e, 'flatten error', [Errno.EINVAL, Errno.EROFS]);
  }
}

export interface ChildrenListing { children: ChildImage[]; withIds: boolean }

/** `rbd children <image>@<snap>` or `--all` (every snapshot, the trash included); `--descendants`
 *  follows the children's own children. */
export async function listChildren(backend: Backend, ref: ResolvedSnapImage, opts: { all: boolean; descendants: boolean }): Promise<ChildrenListing> {
  if (!ref.snap && !opts.all) throw new RbdError(Errno.EINVAL, 'snap name was not specified');
  await openImage(backend, ref);
  const out: ChildImage[] = [];
  const seen = new Set<string>();
  const visit = async (image: ResolvedImage, snap: string | undefined): Promise<void> => {
    const snaps = snap ? [snap] : (await backend.listSnaps(image)).filter((s) => s.namespace.type !== 'mirror').map((s) => s.name);
    for (const s of snaps) {
      for (const c of await backend.listChildren(image, s)) {
        const key = `${c.pool}/${c.namespace}/${c.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(c);
        if (opts.descendants) await visit({ pool: c.pool, namespace: c.namespace, image: c.image, poolDefaulted: false }, undefined);
      }
    }
  };
  try {
    await visit(ref, ref.snap || undefined);
  } catch (e) {
    librbdFailure(e, 'listing children failed', [Errno.ENOENT]);
  }
  return { children: out, withIds: opts.all || opts.descendants };
}
