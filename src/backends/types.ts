// Plain data shared by every backend, shaped after librbd's C API (rbd_mirror_*), so that the
// `ceph` backend maps each call onto librbd and the `local` backend emulates the same semantics.

export type MirrorMode = 'disabled' | 'image' | 'pool';
export type ImageMirrorMode = 'journal' | 'snapshot';
export type PeerDirection = 'rx-only' | 'tx-only' | 'rx-tx';
/** Record state of an image's mirroring (cls_rbd). There is no "enabling" state. */
export type ImageMirrorState = 'disabling' | 'enabled' | 'disabled' | 'creating';
/** Derived promotion state: orphan = the last mirror event was a demotion. */
export type PromotionState = 'primary' | 'non-primary' | 'orphan' | 'unknown';
export type SiteState =
  | 'unknown' | 'error' | 'syncing' | 'starting_replay' | 'replaying' | 'stopping_replay' | 'stopped';
/** Numeric order of site states, used to sort `pool status` counts as rbd does. */
export const SITE_STATES: SiteState[] =
  ['unknown', 'error', 'syncing', 'starting_replay', 'replaying', 'stopping_replay', 'stopped'];
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

export const FEATURES = {
  layering: 1, striping: 2, 'exclusive-lock': 4, 'object-map': 8, 'fast-diff': 16,
  'deep-flatten': 32, journaling: 64, 'data-pool': 128, operations: 256, migrating: 512,
  'non-primary': 1024,
} as const;
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
}

export type SnapNamespace =
  | { type: 'user' }
  | { type: 'mirror'; state: 'primary' | 'primary-demoted' | 'non-primary' | 'non-primary-demoted';
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
