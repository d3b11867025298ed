// `rbd resize --size <size> [--allow-shrink] <image-spec>` (tools/rbd/action/Resize.cc).
import type { Backend } from '../../backends/backend.js';
import { Errno, isRbdError, RbdError, strerror } from '../../errors.js';
import { withProgress, type Progress } from '../image-failure.js';
import { openImage } from '../open.js';
import type { ResolvedImage } from '../specs.js';

export async function resizeImage(backend: Backend, ref: ResolvedImage, size: number | undefined, allowShrink: boolean,
  progress: Progress): Promise<void> {
  if (size === undefined) throw new RbdError(Errno.EINVAL, 'must specify --size <M/G/T>');
  const info = await openImage(backend, ref);
  if (size < info.size && !allowShrink) {
    throw new RbdError(Errno.EINVAL, 'shrinking an image is only allowed with the --allow-shrink flag');
  }
  try {
    await withProgress(progress, () => backend.resizeImage(ref, size, allowShrink));
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(e.errno, `resize error: ${strerror(e.errno)}`);
    throw e;
  }
}
