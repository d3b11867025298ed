// `rbd mirror pool status` and `rbd mirror image status` (tools/rbd/action/MirrorPool.cc,
// MirrorImage.cc): the site statuses of mirrored images and the pool's health summary.
import type { Backend } from '../backends/backend.js';
import type { DaemonServiceRef, Health, ImageGlobalStatus, ImageRef, PeerSite, SiteState, SiteStatus } from '../backends/types.js';
import { Errno, isRbdError, RbdError, strerror } from '../errors.js';
import { openPool } from './open.js';
import type { ResolvedImage, ResolvedPool } from './specs.js';
import {
  countStates, daemonHealth, expectedSites, imageHealth, maxHealth, summaryState, type DaemonView,
} from './status-health.js';

export interface PeerSiteView {
  /** Site name of the peer with this mirror uuid; undefined when no peer has it. */
  siteName?: string;
  mirrorUuid: string;
  status: SiteStatus;
}

export interface MirrorSnapshotView { id: number; name: string; demoted: boolean; peerUuids: string[] }

export interface ImageStatusView {
  name: string;
  globalId: string;
  /** Absent when no local status applies (every peer is tx-only). */
  local?: SiteStatus;
  /** Shown only while the local status is up and its daemon is known. */
  daemon?: DaemonServiceRef;
  peerSites: PeerSiteView[];
  /** Present for an enabled primary snapshot-mode image that has mirror snapshots. */
  snapshots?: MirrorSnapshotView[];
}

export interface PoolStatus {
  health: Health;
  daemonHealth: Health;
  imageHealth: Health;
  total: number;
  states: [SiteState, number][];
  /** --verbose only. */
  daemons?: DaemonView[];
  images?: ImageStatusView[];
}

function siteNames(peers: readonly PeerSite[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of peers) if (p.mirrorUuid !== '' && p.siteName !== '') names.set(p.mirrorUuid, p.siteName);
  return names;
}

function imageView(status: ImageGlobalStatus, expected: SiteStatus[], names: Map<string, string>): ImageStatusView {
  const local = expected.find((s) => s.mirrorUuid === '');
  const peerSites = expected.filter((s) => s.mirrorUuid !== '')
    .map((s) => ({ siteName: names.get(s.mirrorUuid), mirrorUuid: s.mirrorUuid, status: s }));
  const view: ImageStatusView = { name: status.name, globalId: status.info.globalId, peerSites };
  if (local) view.local = local;
  if (local?.up && status.daemon) view.daemon = status.daemon;
  return view;
}

export async function poolMirrorStatus(backend: Backend, ref: ResolvedPool, opts: { verbose: boolean }): Promise<PoolStatus> {
  await openPool(backend, ref);
  if ((await backend.getMirrorMode(ref)) === 'disabled') {
    throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the pool');
  }
  const [images, peers, poolId, daemons] = await Promise.all([
    backend.mirrorImageStatusList(ref), backend.listPeers(ref.pool), backend.poolId(ref.pool), backend.mirrorDaemons(),
  ]);
  const names = opts.verbose ? siteNames(peers) : undefined;
  const counted: SiteState[] = new Array(images.length);
  const views: ImageStatusView[] = [];
  for (let i = 0; i < images.length; i++) {
    const expected = expectedSites(images[i]!.sites, peers);
    counted[i] = summaryState(expected);
    if (names) views.push(imageView(images[i]!, expected, names));
  }
  const states = countStates(counted);
  const daemonsHealth = daemonHealth(daemons, poolId);
  const imagesHealth = imageHealth(states);
  const status: PoolStatus = {
    health: maxHealth(imagesHealth, daemonsHealth.health),
    daemonHealth: daemonsHealth.health,
    imageHealth: imagesHealth,
    total: images.length,
    states,
  };
  if (opts.verbose) {
    status.daemons = daemonsHealth.daemons;
    status.images = views;
  }
  return status;
}

/** An image's global status as `mirror image status` reads it: rbd's errors for a missing image
 *  and for one that is not mirrored. */
export async function mirroredImageStatus(backend: Backend, ref: ImageRef & { poolDefaulted?: boolean }): Promise<ImageGlobalStatus> {
  await openPool(backend, { ...ref, poolDefaulted: ref.poolDefaulted ?? false });
  let status: ImageGlobalStatus;
  try {
    status = await backend.mirrorImageGlobalStatus(ref);
  } catch (e) {
    if (isRbdError(e, Errno.ENOENT)) throw new RbdError(Errno.ENOENT, `error opening image ${ref.image}: ${strerror(Errno.ENOENT)}`);
    throw e;
  }
  if (status.info.state !== 'enabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the image');
  return status;
}

export async function imageMirrorStatus(backend: Backend, ref: ResolvedImage): Promise<ImageStatusView> {
  const status = await mirroredImageStatus(backend, ref);
  const peers = await backend.listPeers(ref.pool);
  const view = imageView(status, expectedSites(status.sites, peers), siteNames(peers));
  view.name = ref.image;
  if (status.info.primary && status.info.mode === 'snapshot') {
    const mirrorSnaps = (await backend.listSnaps(ref)).filter((s) => s.namespace.type === 'mirror');
    // rbd prints the section when the image has any mirror snapshot, then only the primary ones.
    if (mirrorSnaps.length > 0) {
      view.snapshots = mirrorSnaps.flatMap((s) => s.namespace.type === 'mirror' &&
        (s.namespace.state === 'primary' || s.namespace.state === 'primary-demoted')
        ? [{ id: s.id, name: s.name, demoted: s.namespace.state === 'primary-demoted', peerUuids: [...s.namespace.mirrorPeerUuids].sort() }]
        : []);
    }
  }
  return view;
}
