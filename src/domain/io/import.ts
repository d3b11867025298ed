// `rbd import <path|-> [<image-spec>]` (tools/rbd/action/Import.cc): create the image, then copy
// the source an object at a time, skipping all-zero runs of --sparse-size so the image stays
// sparse. From a pipe the size is unknown: the image grows as data arrives and ends at the byte
// count read. Memory stays bounded by one object.
import type { Backend, ImageWriteExtent } from '../../backends/backend.js';
import { Errno, isRbdError, RbdError, strerror } from '../../errors.js';
import { featuresFromConfig } from '../../rules/features.js';
import { parseFeatureList } from '../image-feature-args.js';
import { openPool } from '../open.js';
import { invalidArgument, parseByteCount, parseOrder } from '../size.js';
import { resolveImageSpec, type ResolvedImage } from '../specs.js';
import type { ByteSource, ProgressMeter } from './streams.js';

export interface ImportArgs {
  imageFeature: string[];
  objectSize?: string;
  order?: string;
  dataPool?: string;
  sparseSize?: string;
}

export interface ImportOptions {
  features?: ReturnType<typeof parseFeatureList>;
  order?: number;
  dataPool?: string;
  sparseSize: number;
}

/** The option validators (a bad value is a parse error, exit 1). */
export function parseImportOptions(args: ImportArgs): ImportOptions {
  const opts: ImportOptions = { sparseSize: 4096 };
  if (args.order !== undefined) opts.order = parseOrder(args.order);
  else if (args.objectSize !== undefined) {
    const bytes = parseByteCount(args.objectSize, '--object-size');
    if (bytes < 4096 || bytes > 32 << 20 || (bytes & (bytes - 1)) !== 0) throw invalidArgument('--object-size');
    opts.order = Math.log2(bytes);
  }
  if (args.imageFeature.length) opts.features = parseFeatureList(args.imageFeature, '--image-feature');
  if (args.dataPool !== undefined) opts.dataPool = args.dataPool;
  if (args.sparseSize !== undefined) {
    const s = parseByteCount(args.sparseSize, '--sparse-size');
    if (s < 4096 || s % 512 !== 0) throw invalidArgument('--sparse-size');
    opts.sparseSize = s;
  }
  return opts;
}

/** The destination name when none is given: the file's base name (not for stdin). */
export function defaultImportName(path: string | undefined): string | undefined {
  if (!path || path === '-') return undefined;
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || undefined;
}

export interface ImportTargetArgs {
  path?: string; pathName?: string; destImageSpec?: string; dest?: string; destPool?: string; destNamespace?: string; pool?: string;
}

/** Import.cc's argument order: the path (positional or --path), then the destination from the
 *  positional, --dest or the file's base name, --dest-pool (or the deprecated --pool). */
export function importTarget(args: ImportTargetArgs, defaultPool: string): { path: string; ref: ResolvedImage } {
  const path = args.path ?? args.pathName;
  if (!path) throw new RbdError(Errno.EINVAL, 'path was not specified');
  const spec = args.destImageSpec ?? args.dest ?? defaultImportName(path);
  const ref = resolveImageSpec(spec, { pool: args.destPool ?? args.pool, namespace: args.destNamespace }, defaultPool,
    { validation: 'full', snapshot: 'none' });
  return { path, ref };
}

const ZERO = Buffer.alloc(1 << 20);
const isZero = (buf: Buffer): boolean => buf.length <= ZERO.length && buf.equals(ZERO.subarray(0, buf.length));

/** The non-zero runs of a chunk, at sparse-size granularity, as write extents. */
export function sparseExtents(chunk: Buffer, offset: number, sparseSize: number): ImageWriteExtent[] {
  const out: ImageWriteExtent[] = [];
  let runStart = -1;
  for (let pos = 0; pos < chunk.length; pos += sparseSize) {
    const piece = chunk.subarray(pos, pos + sparseSize);
    if (isZero(piece)) {
      if (runStart >= 0) out.push({ offset: offset + runStart, data: chunk.subarray(runStart, pos) });
      runStart = -1;
    } else if (runStart < 0) runStart = pos;
  }
  if (runStart >= 0) out.push({ offset: offset + runStart, data: chunk.subarray(runStart) });
  return out;
}

const failed = (e: unknown): never => {
  if (isRbdError(e)) throw new RbdError(e.errno, `import failed: ${strerror(e.errno)}`);
  throw e;
};

export async function importImage(backend: Backend, openSource: () => Promise<ByteSource>, ref: ResolvedImage,
  opts: ImportOptions, progress: ProgressMeter): Promise<void> {
  await openPool(backend, ref);
  let source: ByteSource;
  try {
    source = await openSource();
  } catch (e) {
    if (isRbdError(e)) throw new RbdError(e.errno, `import failed: ${e.message}`);
    throw e;
  }
  const order = opts.order ?? Number(await backend.getConfig('rbd_default_order'));
  const features = opts.features ?? featuresFromConfig(await backend.getConfig('rbd_default_features'));
  const dataPool = opts.dataPool ?? (await backend.getConfig('rbd_default_data_pool'));
  const objectSize = 2 ** order;
  const known = source.size;
  try {
    await backend.createImage(ref, { size: known ?? 0, order, features, ...(dataPool ? { dataPool } : {}) });
  } catch (e) {
    await source.close();
    if (isRbdError(e)) throw new RbdError(e.errno, `import failed: image creation failed: ${strerror(e.errno)}`);
    throw e;
  }
  let offset = 0;
  let size = known ?? 0;
  try {
    for (;;) {
      const chunk = await source.read(objectSize);
      if (chunk.length === 0) break;
      if (offset + chunk.length > size) {
        // A pipe: grow ahead by whole objects so a resize is not needed per chunk.
        size = offset + chunk.length + (known === undefined ? objectSize * 16 : 0);
        await backend.resizeImage(ref, size, false);
      }
      const extents = sparseExtents(chunk, offset, opts.sparseSize);
      if (extents.length) await backend.writeImage(ref, extents);
      offset += chunk.length;
      progress.update(offset, known ?? offset);
    }
    if (offset !== size) await backend.resizeImage(ref, offset, true);
    progress.finish();
  } catch (e) {
    progress.fail();
    failed(e);
  } finally {
    await source.close();
  }
}
