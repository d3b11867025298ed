// The one interface every cluster backend implements. Calls are shaped after librbd/librados
// (named in the comments) so that the `ceph` backend is a thin mapping onto the C API and the
// `local` backend emulates the same rules. CLI-level rules (argument checks, messages, pool-wide
// loops) live in src/domain/ and are shared by both.
//
// Every method rejects with RbdError(errno, message) where librbd would return -errno.
import type {
  AuthEntry, ChildImage, ClusterHealth, ConfigEntry, ClusterIdentity, FeatureName, ImageListEntry, ImageCreateOptions, ImageGlobalStatus, ImageInfo, ImageMirrorMode,
  ImageRef, JournalStatus, MirrorDaemon, MirrorImageInfo, MirrorMode, PeerAttributes, PeerDirection, PeerSite,
  ParentInfo, PoolRef, ScheduleEntry, ScheduleItem, ScheduledImage, ScheduleLevel, SnapInfo, ImageLocks, TrashEntry,
} from './types.js';

export interface ClusterApi {
  readonly kind: 'local' | 'ceph';
  /** Name given with --cluster. */
  readonly clusterName: string;
  /** Entity this client acts as, e.g. `client.admin`. */
  readonly entityName: string;
  identity(): Promise<ClusterIdentity>;
  /** Effective value of a Ceph config option: command-line override > cluster setting > default. */
  getConfig(name: string): Promise<string>;
  /** Persist a cluster-wide config option (`ceph config set global ...`); undefined removes it. */
  setConfig(name: string, value: string | undefined): Promise<void>;
  /** Cluster-wide settings actually stored (`ceph config dump`, global section), by name. */
  listConfig(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface PoolApi {
  listPools(): Promise<string[]>;
  /** Rejects ENOENT when the pool does not exist. */
  poolId(pool: string): Promise<number>;
  /** `rbd pool init` of a pool `ceph osd pool create` made (ENOENT otherwise): registers it to rbd.
   *  False when another application owns the pool and `force` is off (nothing changed). */
  poolInit(pool: string, force?: boolean): Promise<boolean>;
  listNamespaces(pool: string): Promise<string[]>;
  namespaceExists(ref: PoolRef): Promise<boolean>;
  createNamespace(ref: PoolRef): Promise<void>;
}

export interface MirrorPoolApi {
  /** rbd_mirror_site_name_get: falls back to the fsid when unset. */
  getSiteName(): Promise<string>;
  /** rbd_mirror_site_name_set: '' removes it. */
  setSiteName(name: string): Promise<void>;
  /** rbd_mirror_mode_get */
  getMirrorMode(ref: PoolRef): Promise<MirrorMode>;
  /** rbd_mirror_mode_set: librbd's rules (peers registered → EBUSY, images enabled → EINVAL, ...). */
  setMirrorMode(ref: PoolRef, mode: MirrorMode): Promise<void>;
  /** rbd_mirror_uuid_get: '' while disabled. */
  getMirrorUuid(ref: PoolRef): Promise<string>;

  /** rbd_mirror_peer_site_list */
  listPeers(pool: string): Promise<PeerSite[]>;
  /** rbd_mirror_peer_site_add: returns the new uuid. */
  addPeer(pool: string, peer: { direction: PeerDirection; siteName: string; clientName: string }): Promise<string>;
  /** rbd_mirror_peer_site_remove: an unknown uuid is not an error. */
  removePeer(pool: string, uuid: string): Promise<void>;
  /** rbd_mirror_peer_site_set_{client_name,name,direction}: unknown uuid → ENOENT. */
  setPeerClient(pool: string, uuid: string, clientName: string): Promise<void>;
  setPeerSiteName(pool: string, uuid: string, siteName: string): Promise<void>;
  setPeerDirection(pool: string, uuid: string, direction: PeerDirection): Promise<void>;
  /** rbd_mirror_peer_site_{get,set}_attributes */
  getPeerAttributes(pool: string, uuid: string): Promise<PeerAttributes>;
  setPeerAttributes(pool: string, uuid: string, attrs: PeerAttributes): Promise<void>;

  /** rbd_mirror_peer_bootstrap_create: the token (base64 of JSON), same for every call. */
  bootstrapCreate(pool: string): Promise<string>;
  /** rbd_mirror_peer_bootstrap_import */
  bootstrapImport(pool: string, direction: PeerDirection, token: string): Promise<void>;
}

export interface ImageApi {
  listImages(ref: PoolRef): Promise<string[]>;
  createImage(ref: ImageRef, opts: ImageCreateOptions): Promise<void>;
  removeImage(ref: ImageRef): Promise<void>;
  /** Rejects ENOENT when the image does not exist. */
  imageInfo(ref: ImageRef): Promise<ImageInfo>;
  /** rbd_update_features */
  updateFeatures(ref: ImageRef, features: FeatureName[], enabled: boolean): Promise<void>;
  /** `rbd ls -l` in one call (optional: the domain falls back to one imageInfo per image). */
  listImageDetails?(ref: PoolRef): Promise<ImageListEntry[]>;
  listSnaps(ref: ImageRef): Promise<SnapInfo[]>;
  createSnap(ref: ImageRef, snapName: string): Promise<void>;
  removeSnap(ref: ImageRef, snapName: string): Promise<void>;
}

export interface MirrorImageApi {
  /** rbd_mirror_image_enable2 */
  mirrorImageEnable(ref: ImageRef, mode: ImageMirrorMode): Promise<void>;
  /** rbd_mirror_image_disable */
  mirrorImageDisable(ref: ImageRef, force: boolean): Promise<void>;
  /** rbd_mirror_image_promote */
  mirrorImagePromote(ref: ImageRef, force: boolean): Promise<void>;
  /** rbd_mirror_image_demote */
  mirrorImageDemote(ref: ImageRef): Promise<void>;
  /** rbd_mirror_image_resync */
  mirrorImageResync(ref: ImageRef): Promise<void>;
  /** rbd_mirror_image_get_info: state 'disabled' when mirroring is not enabled. */
  mirrorImageGetInfo(ref: ImageRef): Promise<MirrorImageInfo>;
  /** rbd_mirror_image_create_snapshot: returns the snapshot id. */
  mirrorImageCreateSnapshot(ref: ImageRef): Promise<number>;
  /** rbd_mirror_image_get_global_status */
  mirrorImageGlobalStatus(ref: ImageRef): Promise<ImageGlobalStatus>;
  /** rbd_mirror_image_status_list: every image with a mirror record in the pool/namespace. */
  mirrorImageStatusList(ref: PoolRef): Promise<ImageGlobalStatus[]>;
  /** rbd-mirror daemons registered in the service map. */
  mirrorDaemons(): Promise<MirrorDaemon[]>;
}

/** Snapshot schedules (the mgr module rbd_support on Ceph). Items arrive normalised by the domain. */
export interface ScheduleApi {
  scheduleAdd(level: ScheduleLevel, item: ScheduleItem): Promise<void>;
  /** item undefined removes every schedule of the level; a non-matching item is ignored. */
  scheduleRemove(level: ScheduleLevel, item?: ScheduleItem): Promise<void>;
  /** Every level that has schedules, in level order. */
  scheduleList(): Promise<ScheduleEntry[]>;
  /** Next snapshot time of each scheduled primary snapshot-mode image. */
  scheduleStatus(): Promise<ScheduledImage[]>;
}

/** One extent of an image write. */
export interface ImageWriteExtent { offset: number; data: Buffer }
/** One object's worth of image data as a read streams it; `data` absent = nothing stored (zeros). */
export interface ImageReadChunk { offset: number; length: number; data?: Buffer }
/** An extent reported by rbd_diff_iterate2: changed in the range; exists=false = now zeros. */
export interface ImageDiffExtent { offset: number; length: number; exists: boolean }

/** Image data (librbd I/O). Writes are batched: one call = one all-or-nothing batch. */
export interface ImageIoApi {
  /** rbd_read2 of [offset, offset+length) of the head, or of snapshot `snap`; never-written ranges
   *  are zeros, a range past the end is shortened, one starting past it is EINVAL. */
  readImage(ref: ImageRef, offset: number, length: number, snap?: string): Promise<Buffer>;
  /** The whole image (or snapshot) one object at a time, in order: rbd_read2 per object, holes
   *  found with rbd_diff_iterate2. Memory stays bounded by one object. */
  readImageChunks(ref: ImageRef, snap?: string): AsyncIterable<ImageReadChunk>;
  /** rbd_write2 of every extent in order, as one batch (aio writes + rbd_flush on Ceph; one
   *  transaction on local, journal entries included). EROFS on an image that is not primary.
   *  Returns the bytes written. */
  writeImage(ref: ImageRef, extents: readonly ImageWriteExtent[]): Promise<number>;
  /** rbd_flush on an image opened for writing: EROFS when it is not primary (no exclusive lock). */
  flushImage(ref: ImageRef): Promise<void>;
  /** rbd_resize2; a smaller size without allowShrink is EINVAL. */
  resizeImage(ref: ImageRef, size: number, allowShrink: boolean): Promise<void>;
  /** rbd_diff_iterate2 from `fromSnap` (undefined = the beginning) to `snap` (undefined = head).
   *  wholeObject reports whole objects (fast-diff), else the changed extents. */
  diffImage(ref: ImageRef, opts: { fromSnap?: string; snap?: string; wholeObject: boolean }): Promise<ImageDiffExtent[]>;
}

/** An image's journal as `rbd journal ...` sees it (journal::Journaler over cls_journal). */
export interface JournalApi {
  /** ENOENT when the image has no journal (journaling disabled). */
  journalStatus(ref: ImageRef): Promise<JournalStatus>;
  /** Flags one registered client, or every client but the image's own, as disconnected:
   *  ENOENT when there is none to flag. */
  journalClientDisconnect(ref: ImageRef, clientId: string | undefined): Promise<void>;
}

/** The monitor's side of the `ceph` command (auth, osd pool, config, status): mon commands on
 *  Ceph, the store on local. Arguments arrive checked by the domain (src/domain/ceph-*.ts). */
export interface AdminApi {
  /** `auth ls` */
  authList(): Promise<AuthEntry[]>;
  /** `auth get`: undefined when the entity does not exist. */
  authGet(entity: string): Promise<AuthEntry | undefined>;
  /** `auth get-or-create`: the existing user when its caps are the same, EINVAL when they differ. */
  authGetOrCreate(entity: string, caps: Record<string, string>): Promise<AuthEntry>;
  /** `auth caps`: replaces every cap; ENOENT when the entity does not exist. */
  authCaps(entity: string, caps: Record<string, string>): Promise<void>;
  /** `auth del`: false when there was no such entity (not an error, as on Ceph). */
  authDel(entity: string): Promise<boolean>;
  /** `osd pool create`: false when the pool already exists. May create a local cluster. */
  osdPoolCreate(pool: string): Promise<boolean>;
  /** `osd pool delete <p> <p> --yes-i-really-really-mean-it`: false when it did not exist. */
  osdPoolDelete(pool: string): Promise<boolean>;
  /** `config set <who> <name> <value>` in the monitor's config database. */
  configSetFor(who: string, name: string, value: string): Promise<void>;
  /** `config rm <who> <name>`: removing an unset option is not an error. */
  configRmFor(who: string, name: string): Promise<void>;
  /** `config get <who> <name>`: the value that applies to the entity (its section, then `client`,
   *  then `global`, then the default). */
  configGetFor(who: string, name: string): Promise<string>;
  /** `config dump`: every stored option, by section then name. */
  configDump(): Promise<ConfigEntry[]>;
  /** Health and the core services (`ceph -s`); rbd-mirror daemons come from mirrorDaemons(). */
  clusterHealth(): Promise<ClusterHealth>;

  // caps: `ceph osd pool application enable <pool> <app> [--yes-i-really-mean-it]`
  /** ENOENT `unrecognized pool`; EPERM when the pool has another application and `sure` is off. */
  osdPoolApplicationEnable(pool: string, app: string, sure: boolean): Promise<void>;
}

// --- life: the image life cycle (rename, trash, image-meta, locks) ---------------------------
/** librbd's rename, trash, metadata and locker calls. Mirroring follows as librbd has it: a trash
 *  move disables a primary's mirroring (the peer's daemon then deletes its copy), a restore into
 *  a pool-mode pool re-enables it for a journaling image. */
export interface ImageLifecycleApi {
  /** rbd_rename within the image's pool/namespace: EEXIST on a clash, EROFS on a non-primary. */
  renameImage(ref: ImageRef, newName: string): Promise<void>;
  /** rbd_trash_move with a deferment of `delaySeconds`: a non-primary is refused (EINVAL). */
  trashMove(ref: ImageRef, delaySeconds: number): Promise<void>;
  /** rbd_trash_list: every source, by id. */
  trashList(ref: PoolRef): Promise<TrashEntry[]>;
  /** rbd_trash_restore under `name` ('' = the name it had): EEXIST on a clash, ENOENT when the
   *  id is not in the trash. */
  trashRestore(ref: PoolRef, id: string, name: string): Promise<void>;
  /** rbd_trash_remove: EPERM before the deferment ends unless forced, ENOENT when not there. */
  trashRemove(ref: PoolRef, id: string, force: boolean): Promise<void>;
  /** rbd_trash_purge: every image whose deferment ended by `expiredBefore` (unix s); a
   *  threshold (0..1, -1 = none) purges until the pool's usage is below it. */
  trashPurge(ref: PoolRef, expiredBefore: number, threshold: number): Promise<void>;
  /** rbd_metadata_list: every key, in key order. */
  metadataList(ref: ImageRef): Promise<Record<string, string>>;
  /** rbd_metadata_get: ENOENT when the key is not set. */
  metadataGet(ref: ImageRef, key: string): Promise<string>;
  /** rbd_metadata_set: conf_<option> keys are checked (EINVAL); EROFS on a non-primary. */
  metadataSet(ref: ImageRef, key: string, value: string): Promise<void>;
  /** rbd_metadata_remove: ENOENT when the key is not set. */
  metadataRemove(ref: ImageRef, key: string): Promise<void>;
  /** rbd_list_lockers */
  listLockers(ref: ImageRef): Promise<ImageLocks>;
}

// --- snapl: the snapshot life cycle and layering (clones) ---------------------------------------
/** Which clone format `rbd clone` asks for: rbd_default_clone_format's 1, 2 or auto. */
export type CloneFormat = 1 | 2 | 'auto';
export interface CloneApi {
  /** rbd_snap_rename of a user snapshot: ENOENT, EEXIST (any snapshot of that name), EROFS. */
  renameSnap(ref: ImageRef, from: string, to: string): Promise<void>;
  /** rbd_snap_protect / rbd_snap_unprotect: EBUSY protected twice or unprotect with children,
   *  EINVAL unprotect of an unprotected snapshot, ENOENT. */
  setSnapProtection(ref: ImageRef, snap: string, protect: boolean): Promise<void>;
  /** rbd_clone3: format 1 needs a protected snapshot (EINVAL); EEXIST when the child exists. */
  cloneImage(parent: ImageRef, snap: string, child: ImageRef, opts: { format: CloneFormat; features: FeatureName[]; order?: number }): Promise<void>;
  /** rbd_flatten: EINVAL when the image has no parent. */
  flattenImage(ref: ImageRef): Promise<void>;
  /** rbd_list_children3 of one snapshot (user or trash namespace), ENOENT when there is none. */
  listChildren(ref: ImageRef, snap: string): Promise<ChildImage[]>;
  /** rbd_get_parent + rbd_get_overlap: undefined for an image that is not a clone. */
  imageParent(ref: ImageRef): Promise<ParentInfo | undefined>;
}

export interface Backend extends ClusterApi, PoolApi, MirrorPoolApi, ImageApi, MirrorImageApi, ScheduleApi, ImageIoApi, AdminApi, JournalApi,
  ImageLifecycleApi, CloneApi {}

export interface BackendOptions {
  cluster: string;
  conf?: string;
  id?: string;
  name?: string;
  keyring?: string;
  keyfile?: string;
  monHost?: string;
  /** `--<config-option> value` on the command line, underscore spelling. */
  configOverrides: Record<string, string>;
}
