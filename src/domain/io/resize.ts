// `rbd resize --size <size> [--allow-shrink] <image-spec>` (tools/rbd/action/Resize.cc).
import type { Backend } from '../../backends/backend.js';
import { Errno, isRbdError, RbdError } from '../../errors.js';
import { errnoText } from '../image-failure.js';
import { openImage } from '../open.js';
import type { ResolvedImage } from '../specs.js';
import type { ProgressMeter } from './streams.js';

export async function resizeImage(backend: Backend, ref: ResolvedImage, size: number | undefined, allowShrink: boolean,
  progress: ProgressMeter): Promise<void> {
  if (size === undefined) throw new RbdError(Errno.EINVAL, 'must specify --size <M/G/T>');
  const info = await openImage(backend, ref);
  if (size < info.size && !allowShrink) {
    throw new RbdError(Errno.EINVAL, 'shrinking an image is only allowed with the --allow-shrink flag');
  }
  try {
    await backend.resizeImage(ref, size, allowShrink);
    progress.finish();
  } catch (e) {
    progress.fail();
    if (isRbdError(e)) throw new RbdError(e.errno, `resize error: ${errnoText(e.errno)}`);
    throw e;
  }
}
