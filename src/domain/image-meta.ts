// `rbd image-meta list|get|set|remove` (tools/rbd/action/ImageMeta.cc) over librbd's metadata
// calls. Keys `conf_<option>` override an rbd option for this image (checked by the backend).
import type { Backend } from '../backends/backend.js';
import { Errno, isRbdError, RbdError, strerror } from '../errors.js';
import { librbdFailure } from './image-failure.js';
import { openImage } from './open.js';
import type { ResolvedImage } from './specs.js';

function requireKey(key: string | undefined): string {
  if (!key) throw new RbdError(Errno.EINVAL, 'metadata key was not specified');
  return key;
}

/** rbd's failure line for a metadata call (librbd only logs its reason for these errnos). */
function failed(e: unknown, what: string): never {
  librbdFailure(e, what, [Errno.ENOENT, Errno.EINVAL, Errno.EROFS]);
}

export async function listImageMeta(backend: Backend, ref: ResolvedImage): Promise<Record<string, string>> {
  await openImage(backend, ref);
  try {
    return await backend.metadataList(ref);
  } catch (e) {
    failed(e, 'listing metadata failed');
  }
}

export async function getImageMeta(backend: Backend, ref: ResolvedImage, key: string | undefined): Promise<string> {
  const k = requireKey(key);
  await openImage(backend, ref);
  try {
    return await backend.metadataGet(ref, k);
  } catch (e) {
    failed(e, 'getting metadata failed');
  }
}

export async function setImageMeta(backend: Backend, ref: ResolvedImage, key: string | undefined, value: string | undefined): Promise<void> {
  const k = requireKey(key);
  if (value === undefined) throw new RbdError(Errno.EINVAL, 'metadata value was not specified');
  await openImage(backend, ref);
  try {
    await backend.metadataSet(ref, k, value);
  } catch (e) {
    failed(e, 'setting metadata failed');
  }
}

export async function removeImageMeta(backend: Backend, ref: ResolvedImage, key: string | undefined): Promise<void> {
  const k = requireKey(key);
  await openImage(backend, ref);
  try {
    await backend.metadataRemove(ref, k);
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT)) throw new RbdError(e.errno, `removing metadata failed: ${strerror(e.errno)}: no existing metadata key ${k}`);
    failed(e, 'removing metadata failed');
  }
}
