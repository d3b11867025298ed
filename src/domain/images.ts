// `rbd create | info | rm | feature enable/disable`: the rbd tool's checks and messages around
// the backend's librbd calls (tools/rbd/action/{Create,Info,Remove,Feature}.cc).
import type { Backend } from '../backends/backend.js';
import type { FeatureName, ImageInfo, ImageMirrorMode } from '../backends/types.js';
import { Errno, isRbdError, RbdError } from '../errors.js';
import { featuresFromConfig, notPrimaryFeatureUpdate, SINGLE_CLIENT, toMask, toNames } from '../rules/features.js';
import { parseFeatureList } from './image-feature-args.js';
import { librbdFailure, withProgress, type Progress } from './image-failure.js';
import { openImage, openPool } from './open.js';
import { invalidArgument, parseByteCount, parseImageSize, parseOrder } from './size.js';
import type { ResolvedImage } from './specs.js';

export interface CreateArgs {
  size?: string;
  imageFeature: string[];
  imageShared: boolean;
  dataPool?: string;
  order?: string;
  objectSize?: string;
  imageFormat?: string;
  mirrorImageMode?: string;
  journalObjectSize?: string;
  journalSplayWidth?: string;
}

export interface CreateRequest {
  size?: number;
  order?: number;
  features?: FeatureName[];
  shared: boolean;
  dataPool?: string;
  mirrorImageMode?: ImageMirrorMode;
}

/** The option validators boost runs before the action (a bad value exits 1, whatever else is wrong). */
export function parseCreateOptions(args: CreateArgs): CreateRequest {
  const req: CreateRequest = { shared: args.imageShared };
  if (args.size !== undefined) req.size = parseImageSize(args.size);
  if (args.order !== undefined) req.order = parseOrder(args.order);
  else if (args.objectSize !== undefined) {
    const bytes = parseByteCount(args.objectSize, '--object-size');
    req.order = Math.round(Math.log2(bytes));
  }
  if (args.imageFeature.length) req.features = parseFeatureList(args.imageFeature, '--image-feature');
  if (args.journalObjectSize !== undefined && parseByteCount(args.journalObjectSize, '--journal-object-size') < 4096) {
    throw invalidArgument('--journal-object-size');
  }
  if (args.journalSplayWidth !== undefined && !/^\d+$/.test(args.journalSplayWidth)) throw invalidArgument('--journal-splay-width');
  if (args.dataPool !== undefined) req.dataPool = args.dataPool;
  if (args.mirrorImageMode !== undefined) req.mirrorImageMode = args.mirrorImageMode as ImageMirrorMode;
  return req;
}

/** `rbd create`: size check, pool open, then librbd's create with the config defaults. */
export async function createImage(backend: Backend, ref: ResolvedImage, req: CreateRequest): Promise<void> {
  if (req.size === undefined) throw new RbdError(Errno.EINVAL, 'must specify --size <M/G/T>');
  await openPool(backend, ref);
  let features = req.features ?? featuresFromConfig(await backend.getConfig('rbd_default_features'));
  if (req.shared) features = toNames(toMask(features) & ~SINGLE_CLIENT);
  const order = req.order || Number(await backend.getConfig('rbd_default_order'));
  const dataPool = req.dataPool ?? (await backend.getConfig('rbd_default_data_pool'));
  try {
    await backend.createImage(ref, {
      size: req.size, order, features,
      ...(dataPool ? { dataPool } : {}),
      ...(req.mirrorImageMode ? { mirrorImageMode: req.mirrorImageMode } : {}),
    });
  } catch (e) {
    librbdFailure(e, 'create error', [Errno.EEXIST]);
  }
}

export interface ImageDetails extends ImageInfo {
  /** Set for `info <image>@<snap>`: the snapshot's protection. */
  snapProtected?: boolean;
}

/** `rbd info [<image>[@<snap>]]`: the image (or snapshot) as librbd reports it. */
export async function imageDetails(backend: Backend, ref: ResolvedImage & { snap?: string }): Promise<ImageDetails> {
  const opened = await openImage(backend, ref);
  const parent = await backend.imageParent(ref); // snapl: parent/overlap of a clone
  const info = parent ? { ...opened, parent } : opened;
  if (!ref.snap) return info;
  const snap = (await backend.listSnaps(ref)).find((s) => s.name === ref.snap && s.namespace.type === 'user');
  if (!snap) throw new RbdError(Errno.ENOENT, 'error setting snapshot context: (2) No such file or directory');
  return { ...info, size: snap.size, objectCount: Math.ceil(snap.size / info.objectSize), snapProtected: snap.protected };
}

/** `rbd rm`: pool open, then librbd's remove inside the progress report. */
export async function removeImage(backend: Backend, ref: ResolvedImage, progress: Progress): Promise<void> {
  await openPool(backend, ref);
  try {
    await withProgress(progress, () => backend.removeImage(ref));
  } catch (e) {
    if (isRbdError(e, Errno.ENOTEMPTY)) {
      throw new RbdError(e.errno, "image has snapshots - these must be deleted with 'rbd snap purge' before the image can be removed.");
    }
    librbdFailure(e, 'delete error', [Errno.ENOENT]);
  }
}

/** `rbd feature enable|disable <image> <feature...>`. */
export async function updateImageFeatures(backend: Backend, ref: ResolvedImage, names: readonly string[],
  enabled: boolean): Promise<void> {
  if (names.length === 0) throw new RbdError(Errno.EINVAL, 'at least one feature name must be specified');
  const features = parseFeatureList(names, '--features');
  await openImage(backend, ref);
  try {
    const mirror = await backend.mirrorImageGetInfo(ref);
    if (mirror.state !== 'disabled' && !mirror.primary) throw notPrimaryFeatureUpdate();
    await backend.updateFeatures(ref, features, enabled);
  } catch (e) {
    librbdFailure(e, 'failed to update image features');
  }
}

