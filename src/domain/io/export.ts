// `rbd export <image-spec>[@<snap>] <path|->` (tools/rbd/action/Export.cc): the image (or the
// snapshot) streamed an object at a time; never-written objects become holes in a file and zeros
// on a pipe.
import type { Backend } from '../../backends/backend.js';
import { isRbdError, RbdError, strerror } from '../../errors.js';
import { openImage } from '../open.js';
import type { ResolvedImage } from '../specs.js';
import type { ByteSink, ProgressMeter } from './streams.js';

export async function exportImage(backend: Backend, ref: ResolvedImage & { snap?: string }, openSink: () => Promise<ByteSink>,
  progress: ProgressMeter): Promise<void> {
  const info = await openImage(backend, ref);
  let size = info.size;
  if (ref.snap) {
    const snap = (await backend.listSnaps(ref)).find((s) => s.name === ref.snap);
    if (!snap) throw new RbdError(2, `error setting snapshot context: ${strerror(2)}`);
    size = snap.size;
  }
  let sink: ByteSink;
  try {
    sink = await openSink();
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(e.errno, `export error: ${e.message}`);
    throw e;
  }
  let written = 0;
  try {
    for await (const chunk of backend.readImageChunks(ref, ref.snap || undefined)) {
      if (chunk.data) await sink.write(chunk.data);
      else await sink.skip(chunk.length);
      written += chunk.length;
      progress.update(written, size);
    }
    await sink.close(size);
    progress.finish();
  } catch (e) {
    progress.fail();
    if (isRbdError(e)) throw new RbdError(e.errno, `export error: ${strerror(e.errno)}`);
    throw e;
  }
}
