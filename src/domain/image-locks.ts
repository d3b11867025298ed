// `rbd lock ls` (tools/rbd/action/Lock.cc): the image's lockers as librbd lists them.
import type { Backend } from '../backends/backend.js';
import type { ImageLocks } from '../backends/types.js';
import { openImage } from './open.js';
import type { ResolvedImage } from './specs.js';

export async function listImageLocks(backend: Backend, ref: ResolvedImage): Promise<ImageLocks> {
  await openImage(backend, ref);
  return backend.listLockers(ref);
}
