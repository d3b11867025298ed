// The replication seam: everything the rbd-mirror daemon needs from ONE cluster, as an endpoint
// interface (zrepl's Sender/Receiver, Ceph's rbd-mirror over librbd). The daemon sees its own
// cluster and every peer only through it; the local backend implements it in
// backends/local/replication/, another kind of cluster (Ceph through librbd, a cluster on another
// host) is another folder behind connectReplication() (endpoints.ts), not a change to the daemon.
//
// Calls are synchronous and each is atomic on its cluster; transaction(fn) groups several calls of
// ONE endpoint into one atomic write (a copied object and its progress marker, replayed journal
// events and the position they reach). Nothing spans two endpoints: the daemon orders its writes
// so that a crash between them is repaired by the next pass (see daemon/journal-replayer.ts).
// Failures are RbdError(errno, message) as everywhere else.
export type { ImageMirrorMode } from './types.js';
import type { ImageMirrorMode, MirrorMode, PeerAttributes, PeerSite, ScheduleEntry, SiteState } from './types.js';

export type Promotion = 'primary' | 'non-primary' | 'orphan';
export type MirrorSnapState = 'primary' | 'primary-demoted' | 'non-primary' | 'non-primary-demoted';

/** A mirrored image as the replayers see it on either side. */
export interface MirroredImage {
  imageId: string;
  name: string;
  size: number;
  order: number;
  features: number;
  dataPool: string | null;
  globalId: string;
  mode: ImageMirrorMode;
  /** The mirror record's state; `creating` only inside an interrupted bootstrap. */
  state: 'disabling' | 'enabled' | 'disabled' | 'creating';
  promotion: Promotion;
  resyncRequested: boolean;
}

/** A mirror-namespace snapshot (cls_rbd MirrorSnapshotNamespace). */
export interface MirrorSnapshot {
  snapId: number;
  name: string;
  state: MirrorSnapState;
  peerUuids: string[];
  complete: boolean;
  primaryMirrorUuid?: string;
  primarySnapId?: number;
  lastCopiedObjectNumber?: number;
  created: number;
}

export interface NonPrimarySnapshotSpec {
  globalId: string;
  /** The primary pool's mirror uuid; '' for the orphan snapshot of a forced promotion. */
  primaryMirrorUuid: string;
  /** The primary snapshot this copies; undefined (CEPH_NOSNAP) for the orphan snapshot. */
  primarySnapId?: number;
  complete: boolean;
  lastCopiedObjectNumber?: number;
  /** non-primary-demoted: the primary's demotion was replayed (the image becomes orphan). */
  demoted?: boolean;
}

export interface UserSnap { snapId: number; name: string; size: number; protected: boolean }

/** Which point in time to read: the head (snapId null) or a snapshot, and its size. */
export interface ReadPoint { snapId: number | null; size: number }
/** A range of image data; data undefined = nothing stored there (zeros). */
export interface DataChunk { offset: number; length: number; data?: Buffer }
/** A changed range between two points; exists false = it reads as zeros now (true: read it, it
 *  may still read as zeros). */
export interface ChangedExtent { offset: number; length: number; exists: boolean }

export type JournalEventType = 'write' | 'discard' | 'resize' | 'snap_create' | 'snap_remove' | 'rename' | 'metadata_set' | 'metadata_remove'
  // snapl: the snapshot life cycle and flatten, replayed as journaled ops
  | 'snap_rename' | 'snap_protect' | 'snap_unprotect' | 'flatten';
export interface JournalEntry { tid: number; tagTid: number; type: JournalEventType; offset: number; length: number; data: Buffer | null }
export interface JournalClient { clientId: string; commitTid: number; state: string; data: Record<string, unknown> }
export interface JournalHead { lastTid: number; tagTid: number }
/** What a non-primary image has applied of its primary's journal (kept with the data). */
export interface ReplayPosition { tid: number; tagTid: number; mirrorUuid: string }

export type Callout = { level: 'warning' | 'error'; text: string };
export type PoolReport = Record<string, { leader: boolean; callouts: Callout[] }>;
export interface DaemonRegistration { gid: number; instanceId: string }

export interface StatusKey { poolId: number; namespace: string; globalId: string; mirrorUuid: string }
export interface StatusValue { state: SiteState; description: string }

export interface MirroredPool { poolId: number; pool: string; namespace: string }
export interface ScheduledCandidate { imageId: string; poolId: number; pool: string; namespace: string; image: string; globalId: string }

export interface ReplicationEndpoint {
  /** The cluster's name, for logs. */
  readonly label: string;
  transaction<T>(fn: () => T): T;
  /** Re-checks the credentials this endpoint was opened with (a revoked key fails: EACCES). */
  verify(): void;
  close(): void;
  /** Resolves once the cluster can take more of a long run of writes (a copy, a replay) without
   *  its backlog growing unbounded, e.g. while a background checkpoint catches up; at once
   *  otherwise. Optional. */
  settle?(signal?: AbortSignal): Promise<void>;
  /** Effective Ceph option: command line > cluster config > default. */
  config(name: string): string;

  // --- service map ---------------------------------------------------------------------------
  registerDaemon(clientId: string): DaemonRegistration;
  /** Refreshes the entry (re-registers under the same gid when it was removed). */
  heartbeat(reg: DaemonRegistration, clientId: string, pools: PoolReport): void;
  /** The live daemon with the lowest gid leads. */
  isLeader(gid: number): boolean;
  unregisterDaemon(gid: number): void;

  // --- pools and peers -----------------------------------------------------------------------
  /** Pools/namespaces whose mirroring is enabled. */
  mirroredPools(): MirroredPool[];
  poolId(pool: string): number | undefined;
  poolNames(): string[];
  mirrorMode(poolId: number, namespace: string): MirrorMode;
  /** The namespace's mirror uuid, else the pool's; '' when none. */
  mirrorUuid(poolId: number, namespace: string): string;
  siteName(): string;
  peers(poolId: number): PeerSite[];
  peerAttributes(poolId: number, uuid: string): PeerAttributes;
  /** rbd-mirror's "mirror peer ping": the peer entry of `siteName` carries `mirrorUuid` (a
   *  tx-only one is added when there is none). Returns its uuid and whether it was added. */
  announcePeer(poolId: number, siteName: string, mirrorUuid: string): { uuid: string; added: boolean };
  /** A cheap summary of everything replication acts on in the pool/namespace (images, mirror
   *  records, journals and their clients, mirror snapshots, user snapshots, sizes, the mode): an
   *  unchanged token means there is nothing new to replicate. Status records are not part of it. */
  changeToken(poolId: number, namespace: string): string;

  // --- images --------------------------------------------------------------------------------
  mirroredImages(poolId: number, namespace: string): MirroredImage[];
  mirroredImage(poolId: number, namespace: string, globalId: string): MirroredImage | undefined;
  imageNameTaken(poolId: number, namespace: string, name: string): boolean;
  /** Bootstrap: the non-primary copy of `source` (image create's rules; EEXIST on a name clash). */
  createNonPrimaryImage(poolId: number, namespace: string, source: MirroredImage, dataPool: string | undefined): string;
  /** ImageDeleter: the image with everything it owns. */
  deleteImage(imageId: string): void;
  markMirrorEnabled(imageId: string): void;
  setPromotion(imageId: string, promotion: Promotion): void;
  imageMeta(imageId: string): Record<string, string>;
  replaceImageMeta(imageId: string, meta: Record<string, string>): void;
  userSnapshots(imageId: string): UserSnap[];
  /** A user snapshot of the head; an existing one of that name is replaced. */
  createUserSnapshot(imageId: string, snap: Pick<UserSnap, 'name' | 'size' | 'protected'>): number;
  removeUserSnapshot(imageId: string, name: string): void;
  setSnapshotProtection(imageId: string, snapId: number, isProtected: boolean): void;

  // --- data ----------------------------------------------------------------------------------
  imageSize(imageId: string): number;
  snapshotSize(imageId: string, snapId: number): number | undefined;
  /** Object numbers holding data at the point (null = head), ascending. */
  objectsWithData(imageId: string, snapId: number | null): number[];
  /** Block-granular extents changed between snapshot `from` (null = the beginning) and `to`. */
  changedExtents(imageId: string, from: number | null, to: ReadPoint): ChangedExtent[];
  readObject(imageId: string, at: ReadPoint, objectNo: number): DataChunk;
  read(imageId: string, at: ReadPoint, offset: number, length: number): Buffer;
  objectSize(imageId: string): number;
  // the daemon's privileged writes: a non-primary image accepts them (no EROFS)
  writeExtents(imageId: string, extents: readonly { offset: number; data: Buffer }[]): number;
  discard(imageId: string, offset: number, length: number): void;
  resize(imageId: string, size: number): void;

  // --- journal -------------------------------------------------------------------------------
  journalHead(imageId: string): JournalHead;
  journalClient(imageId: string, clientId: string): JournalClient | undefined;
  /** Registers (or re-registers) a client at a commit position. */
  registerJournalClient(imageId: string, clientId: string, commitTid: number, data?: Record<string, unknown>): void;
  setJournalClientData(imageId: string, clientId: string, data: Record<string, unknown>): void;
  unregisterJournalClients(imageId: string): void;
  /** Entries after `afterTid`: at most `limit`, and about `maxBytes` of payload. */
  readJournal(imageId: string, afterTid: number, limit: number, maxBytes?: number): JournalEntry[];
  /** Commits a client's position (never backwards) and trims what every client has. */
  commitJournal(imageId: string, clientId: string, tid: number): void;
  /** The image's journal takes the tag (ownership epoch) of the journal it follows. */
  followJournalTag(imageId: string, tagTid: number): void;
  replayPosition(imageId: string): ReplayPosition | undefined;
  setReplayPosition(imageId: string, pos: ReplayPosition | undefined): void;

  // --- mirror snapshots ----------------------------------------------------------------------
  mirrorSnapshots(imageId: string): MirrorSnapshot[];
  createNonPrimarySnapshot(imageId: string, spec: NonPrimarySnapshotSpec): number;
  setCopyProgress(imageId: string, snapId: number, lastCopiedObjectNumber: number): void;
  removeMirrorSnapshot(imageId: string, snapId: number): void;
  /** Replayer::unlink_peer: the snapshot stays (with fewer peers) until pruning. */
  unlinkPeer(imageId: string, snapId: number, peerUuid: string): void;

  // --- snapshot schedules (the mgr's rbd_support) ---------------------------------------------
  snapshotSchedules(): Promise<ScheduleEntry[]>;
  /** Enabled primary snapshot-mode images (what schedules apply to). */
  scheduledCandidates(): ScheduledCandidate[];
  createScheduledSnapshot(c: ScheduledCandidate): number;

  // --- status records ------------------------------------------------------------------------
  writeStatus(key: StatusKey, value: StatusValue, gid: number, now?: number): void;
  /** Refreshes last_update of every record this daemon wrote for the pool/namespace/mirror uuid
   *  (one statement, however many images). */
  touchStatuses(key: Omit<StatusKey, 'globalId'>, gid: number, now?: number): void;
  removeStatus(key: StatusKey): void;

  // --- life: the image life cycle the daemon follows ------------------------------------------
  /** Renames a (non-primary) copy to its primary's name: EEXIST when another image has it. */
  renameImage(imageId: string, name: string): void;
  /** An option's value for one image: its image-meta `conf_<name>` key applies over the
   *  cluster's setting (librbd's per-image overrides). */
  imageConfig(imageId: string, name: string): string;
  // --- caps: the image map (several daemons of one cluster share a pool's images) -------------
  /** Leader: assigns the pool's images (all of them, by global id) over the live daemons that run
   *  the pool, balanced and stable; images not listed leave the map. */
  mapImages(poolId: number, namespace: string, globalIds: readonly string[], gid: number): void;
  /** Lets go of images no longer assigned to this daemon, takes those assigned to it once their
   *  previous holder let go or stopped running; returns the global ids this daemon may replay. */
  claimImages(poolId: number, namespace: string, gid: number): string[];
  // --- snapl: layering and the snapshot life cycle --------------------------------------------
  /** The parent of a clone as its peer copy must reference it; undefined when not a clone. */
  cloneParent(imageId: string): CloneParentSpec | undefined;
  /** This cluster's copy of that parent snapshot (the mirrored image with the parent's global id,
   *  in the pool of the same name, and its snapshot of that name, trashed or not). */
  findCloneParent(parent: CloneParentSpec): LocalParentRef | undefined;
  /** Links a (new, non-primary) image to its parent snapshot. */
  linkCloneParent(imageId: string, parent: LocalParentRef, overlap: number, format: 1 | 2): void;
  /** rbd_flatten by the daemon (a non-primary accepts it). */
  flattenImage(imageId: string): void;
  renameUserSnapshot(imageId: string, from: string, to: string): void;
  /** Which primary snapshot a non-primary's user snapshot copies (snapshot mode follows renames). */
  setUserSnapshotOrigin(imageId: string, snapId: number, primarySnapId: number): void;
  /** Local snapshot id -> the primary snapshot id it copies, where known. */
  userSnapshotOrigins(imageId: string): Map<number, number>;
  // --- qa: resync requested by the daemon itself ---------------------------------------------
  /** Flags the image for resync as `mirror image resync` does (the journal replayer after a
   *  disconnect with rbd_mirroring_resync_after_disconnect): the image replayer then deletes and
   *  re-creates it. */
  requestResync(imageId: string): void;
  // --- data path (perf): reads as stored ------------------------------------------------------
  /** [offset, offset + length) at `at` as the extents that hold data, ascending (the rest of the
   *  range reads as zeros; [] = nothing stored), without assembling one range-sized buffer.
   *  `changedSince`: the caller knows every block of the range changed after that snapshot (a
   *  changedExtents range), so what was stored before it need not be looked at. Optional: the
   *  copy falls back to readObject and read. */
  readExtents?(imageId: string, at: ReadPoint, offset: number, length: number, changedSince?: number | null): { offset: number; data: Buffer }[];
  /** One transaction of this endpoint, as transaction(), in which `fn` may copy image data
   *  straight from `source` when this endpoint can read that cluster's store itself: none of
   *  the data then passes through the caller. `direct` is undefined when it cannot. Optional. */
  transactionCopyingFrom?<T>(source: ReplicationEndpoint, fn: (direct: DirectCopy | undefined) => T): T;
}

/** Copies [start, end) of the source's image at `at` over the same range of a target image that
 *  holds nothing there (block-aligned, neither image a clone); returns the bytes of data copied
 *  (the range's length when any was stored), or undefined where it cannot: the caller then
 *  copies that range itself, in the same transaction. */
export type DirectCopy = (sourceImageId: string, at: ReadPoint, targetImageId: string, start: number, end: number) => number | undefined;

/** snapl: a clone's parent as seen from the clone's cluster. */
export interface CloneParentSpec {
  pool: string;
  namespace: string;
  /** The parent's mirror global id ('' when the parent is not mirrored). */
  globalId: string;
  /** The snapshot's user name (a trashed snapshot's original name). */
  snapName: string;
  overlap: number;
  format: 1 | 2;
}
export interface LocalParentRef { imageId: string; snapId: number }

/** How the daemon reaches clusters: its own, and a peer as the peer's client with its key. */
export interface EndpointConnector {
  /** Where the daemon logs by default (`-f` without --log-file). */
  defaultLogFile(name: string): string;
  /** The daemon's own cluster; ENOENT (nothing created) when it does not exist. */
  local(): ReplicationEndpoint;
  /** A peer of a local pool: EACCES for a client/key the remote does not know, ETIMEDOUT when
   *  the address is unreachable. */
  peer(peer: PeerSite, attrs: PeerAttributes): ReplicationEndpoint;
}

export interface ConnectOptions {
  cluster: string;
  clientId: string;
  configOverrides: Record<string, string>;
  env: NodeJS.ProcessEnv;
}
