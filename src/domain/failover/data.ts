// Image data as the drill compares it: a checksum of the whole image and the bytes two copies
// differ in, read in bounded ranges.
import { createHash } from 'node:crypto';
import type { ImageRef } from '../../backends/types.js';
import type { FailoverBackend } from './ports.js';

const RANGE = 4 << 20;

async function* ranges(be: FailoverBackend, ref: ImageRef): AsyncGenerator<Buffer> {
  const { size } = await be.imageInfo(ref);
  for (let off = 0; off < size; off += RANGE) yield be.readImage(ref, off, Math.min(RANGE, size - off));
}

export async function imageChecksum(be: FailoverBackend, ref: ImageRef): Promise<string> {
  const h = createHash('sha256');
  for await (const part of ranges(be, ref)) h.update(part);
  return h.digest('hex');
}

/** Bytes that differ between the two copies (a size difference counts in full). */
export async function differingBytes(a: FailoverBackend, b: FailoverBackend, ref: ImageRef): Promise<number> {
  const [ia, ib] = await Promise.all([a.imageInfo(ref), b.imageInfo(ref)]);
  let diff = Math.abs(ia.size - ib.size);
  const size = Math.min(ia.size, ib.size);
  for (let off = 0; off < size; off += RANGE) {
    const len = Math.min(RANGE, size - off);
    const [x, y] = await Promise.all([a.readImage(ref, off, len), b.readImage(ref, off, len)]);
    if (x.equals(y)) continue;
    for (let i = 0; i < len; i++) if (x[i] !== y[i]) diff++;
  }
  return diff;
}
