// Plain data shared by every backend, shaped after librbd's C API (rbd_mirror_*), so that the
// `ceph` backend maps each call onto librbd and the `local` backend emulates the same semantics.
// librbd's numeric enums are the tables below: a value's index is its number in librbd (and in
// the local store), so both backends convert with TABLE[n] / TABLE.indexOf(name).

/** rbd_mirror_mode_t */
export const MIRROR_MODES = ['disabled', 'image', 'pool'] as const;
export type MirrorMode = (typeof MIRROR_MODES)[number];
/** rbd_mirror_image_mode_t */
export const IMAGE_MIRROR_MODES = ['journal', 'snapshot'] as const;
export type ImageMirrorMode = (typeof IMAGE_MIRROR_MODES)[number];
/** rbd_mirror_peer_direction_t */
export const PEER_DIRECTIONS = ['rx-only', 'tx-only', 'rx-tx'] as const;
export type PeerDirection = (typeof PEER_DIRECTIONS)[number];
/** Record state of an image's mirroring (cls::rbd::MirrorImageState; librbd's public enum has the
 *  first three). There is no "enabling" state. */
export const IMAGE_MIRROR_STATES = ['disabling', 'enabled', 'disabled', 'creating'] as const;
export type ImageMirrorState = (typeof IMAGE_MIRROR_STATES)[number];
/** The same states by name, for the stored number. */
export const MIRROR_IMAGE_STATE = { disabling: 0, enabled: 1, disabled: 2, creating: 3 } as const satisfies Record<ImageMirrorState, number>;
/** rbd_snap_mirror_state_t */
export const SNAP_MIRROR_STATES = ['primary', 'primary-demoted', 'non-primary', 'non-primary-demoted'] as const;
export type SnapMirrorState = (typeof SNAP_MIRROR_STATES)[number];
/** rbd_snap_namespace_type_t values rbdm lists. */
export const SNAP_NAMESPACE_TYPE = { user: 0, group: 1, trash: 2, mirror: 3 } as const;

/** rbd's one-receiving-peer rule (tx-only peers do not count), checked where peers are written. */
export const MULTIPLE_RX_PEERS = 'multiple RX peers are not currently supported';
/** Derived promotion state: orphan = the last mirror event was a demotion. */
export type PromotionState = 'primary' | 'non-primary' | 'orphan' | 'unknown';
/** rbd_mirror_image_status_state_t, in its numeric order (also how `pool status` sorts counts). */
export const SITE_STATES = ['unknown', 'error', 'syncing', 'starting_replay', 'replaying', 'stopping_replay', 'stopped'] as const;
export type SiteState = (typeof SITE_STATES)[number];
export type Health = 'OK' | 'UNKNOWN' | 'WARNING' | 'ERROR';

/** A pool, optionally narrowed to a namespace ('' = the default namespace). */
export interface PoolRef { pool: string; namespace: string }
export interface ImageRef extends PoolRef { image: string }

export interface ClusterIdentity {
  fsid: string;
  /** How another cluster reaches this one: monmap rendering on Ceph, `local:<dir>` on local. */
  monHost: string;
}

export interface PeerSite {
  uuid: string;
  direction: PeerDirection;
  siteName: string;
  /** The remote pool's mirror uuid; '' until the remote daemon has registered. */
  mirrorUuid: string;
  clientName: string;
  lastSeen?: number;
}

/** Secrets of a peer (config-key `rbd/mirror/peer/<pool_id>/<uuid>`): only set keys are present. */
export interface PeerAttributes { key?: string; mon_host?: string }

/** Image feature bits (include/rbd/features.h), in rbd's display order. */
export const FEATURES = {
  layering: 1, striping: 2, 'exclusive-lock': 4, 'object-map': 8, 'fast-diff': 16,
  'deep-flatten': 32, journaling: 64, 'data-pool': 128, operations: 256, migrating: 512,
  'non-primary': 1024,
} as const;
/** Image operation feature bits (RBD_OPERATION_FEATURE_*), as `rbd info` names them. */
export const OP_FEATURES = { 'clone-parent': 1, 'clone-child': 2, group: 4, 'snap-trash': 8 } as const;
/** Image flags (RBD_FLAG_*), as `rbd info` names them. */
export const IMAGE_FLAGS = { 'object map invalid': 1, 'fast diff invalid': 2 } as const;
export type FeatureName = keyof typeof FEATURES;

export interface ImageCreateOptions {
  size: number;            // bytes
  order: number;           // object size = 2^order bytes (22 = 4 MiB)
  features: FeatureName[];
  dataPool?: string;
  /** Enable mirroring at creation (`rbd create --mirror-image-mode`). */
  mirrorImageMode?: ImageMirrorMode;
}

export interface ImageInfo {
  name: string;
  id: string;
  size: number;
  order: number;
  objectSize: number;
  objectCount: number;
  features: FeatureName[];
  opFeatures: string[];
  flags: string[];
  createTimestamp: number; // unix ms
  accessTimestamp: number;
  modifyTimestamp: number;
  dataPool?: string;
  snapshotCount: number;
  blockNamePrefix: string;
  journalId?: string;
  /** Present when mirroring is enabled on the image. */
  mirroring?: MirrorImageInfo;
  /** snapl: present for a clone (rbd_get_parent, rbd_get_overlap). */
  parent?: ParentInfo;
}

/** snapl: a clone's parent snapshot as rbd_get_parent reports it. */
export interface ParentInfo {
  pool: string;
  namespace: string;
  image: string;
  id: string;
  /** The snapshot's name (a trashed one's uuid name) and namespace. */
  snapshot: string;
  snapNamespace: 'user' | 'trash';
  /** The parent image is in the image trash. */
  trash: boolean;
  overlap: number;
}

/** snapl: one child of a snapshot (rbd_list_children3). */
export interface ChildImage { pool: string; namespace: string; image: string; id: string; trash: boolean }

export type SnapNamespace =
  | { type: 'user' }
  | { type: 'trash'; originalName: string }
  | { type: 'mirror'; state: SnapMirrorState;
      mirrorPeerUuids: string[]; complete: boolean; primaryMirrorUuid?: string; primarySnapId?: number;
      lastCopiedObjectNumber?: number };

export interface SnapInfo {
  id: number;
  name: string;
  size: number;
  protected: boolean;
  timestamp: number; // unix ms
  namespace: SnapNamespace;
}

export interface MirrorImageInfo {
  globalId: string;
  state: ImageMirrorState;
  mode: ImageMirrorMode;
  primary: boolean;
  promotionState: PromotionState;
}

/** One site's view of a mirrored image (rbd_mirror_image_site_status_t). */
export interface SiteStatus {
  /** '' for the local site, else the peer's mirror uuid. */
  mirrorUuid: string;
  state: SiteState;
  description: string;
  lastUpdate: number; // unix seconds, 0 = never
  up: boolean;
}

export interface ImageGlobalStatus {
  name: string;
  info: MirrorImageInfo;
  sites: SiteStatus[];
  /** The daemon that owns the image locally, when known and up. */
  daemon?: DaemonServiceRef;
}

export interface DaemonServiceRef { serviceId: string; instanceId: string; daemonId: string; hostname: string }

/** An rbd-mirror daemon as the service map shows it. */
export interface MirrorDaemon {
  serviceId: string;
  instanceId: string;
  clientId: string;
  hostname: string;
  version: string;
  /** Pools this daemon reports on, with its role and callouts there. */
  /** Per pool: leadership, callouts, and the instance id the daemon uses there (Ceph reports one
   *  per pool replayer; absent = the daemon's own). */
  pools: Record<string, { leader: boolean; callouts: { level: 'warning' | 'error'; text: string }[]; instanceId?: string }>;
}

export interface ScheduleItem { interval: string; startTime: string | null }
/** A level of the schedule tree: pool/namespace/image names; undefined = not specified (global). */
export interface ScheduleLevel { pool?: string; namespace?: string; image?: string }
export interface ScheduleEntry { level: ScheduleLevel; items: ScheduleItem[] }
export interface ScheduledImage { scheduleTime: number; image: string }

export interface ImageListSnap { id: number; name: string; size: number; protected: boolean }
/** One row of `rbd ls -l`. */
export interface ImageListEntry {
  name: string;
  id: string;
  size: number;
  format: 1 | 2;
  /** Lock type when someone holds the image's lock (the local backend keeps no locks). */
  lockType?: 'exclusive' | 'shared';
  /** User snapshots only, by id. */
  snapshots: ImageListSnap[];
}

/** A cephx user as `ceph auth get` shows it: caps by service (mon, osd, mgr, mds). */
export interface AuthEntry { entity: string; key: string; caps: Record<string, string> }
/** One stored option of the monitor's config database (`ceph config dump`). */
export interface ConfigEntry { section: string; name: string; value: string }
/** What a cluster says about itself beyond mirroring (`ceph -s`): health and its core services. */
export interface ClusterHealth { status: string; services: { name: string; summary: string }[] }

/** One commit position of a journal client: the newest entry per splayed object. */
export interface JournalPosition { objectNumber: number; tagTid: number; entryTid: number }
/** `rbd journal status|info` of an image's journal (cls_journal's header and clients). */
export interface JournalStatus {
  journalId: string;
  order: number;
  splayWidth: number;
  minimumSet: number;
  activeSet: number;
  /** The image's own client (id '') first, then the mirror peers' (id = their mirror uuid). */
  clients: { id: string; state: 'connected' | 'disconnected'; positions: JournalPosition[]; data: Buffer }[];
}

// --- life: the image life cycle (rename, trash, image-meta, locks) ---------------------------
/** cls::rbd::TrashImageSource, as `rbd trash ls -l` names it. */
export const TRASH_SOURCES = ['USER', 'MIRRORING', 'MIGRATION', 'REMOVING', 'USER_PARENT'] as const;
export type TrashSource = (typeof TRASH_SOURCES)[number];
/** One image in a pool's trash (rbd_trash_image_info_t). Times are unix seconds. */
export interface TrashEntry { id: string; name: string; source: TrashSource; deletedAt: number; defermentEnd: number }
/** One holder of an image's lock (rbd_list_lockers): `client.<gid>`, the cookie, the address. */
export interface ImageLocker { locker: string; id: string; address: string }
/** rbd_list_lockers: the lockers, whether the lock is exclusive, and its tag. */
export interface ImageLocks { exclusive: boolean; tag: string; lockers: ImageLocker[] }
