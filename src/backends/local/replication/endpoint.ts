// ReplicationEndpoint over one local cluster (a LocalCore): each call is one store transaction,
// or part of the caller's transaction(). Pure delegation to the local backend's own modules, so
// the daemon and `rbd` share every rule (image create, snapshot ids, journal, mirror snapshots).
import { join } from 'node:path';
import { imageOption } from '../image-config.js';
import type {
  ChangedExtent, DaemonRegistration, DataChunk, JournalClient, JournalEntry, MirroredImage, MirroredPool, MirrorSnapshot,
  DirectCopy, NonPrimarySnapshotSpec, PoolReport, ReadPoint, ReplayPosition, ReplicationEndpoint, ScheduledCandidate, StatusKey,
  StatusValue, UserSnap, CloneParentSpec, LocalParentRef,
} from '../../replication.js';
import type { MirrorMode, PeerAttributes, PeerSite, ScheduleEntry } from '../../types.js';
import { copyAttachedBlocks, inTransactionWithSource } from '../block-copy.js';
import type { LocalCore } from '../core.js';
import { DB_FILE } from '../store.js';
import type { WalCheckpointer } from '../wal-checkpointer.js';
import {
  discardRange, imageRowById, layoutOf, objectsWithData, readObjectChunk, readRange, readStoredExtents, resizeImage, writeExtents,
} from '../image-data.js';
import { changedBlockRuns } from '../image-io.js';
import {
  appliedPosition, commitJournalPosition, followJournalTag, getJournalClient, journalHead, readJournalEntries,
  setAppliedPosition, setJournalClientData, unregisterAllJournalClients, upsertJournalClient,
} from '../journal.js';
import { MIRROR_IMAGE_STATE, setPromotion } from '../mirror-records.js';
import { modeOf, peerAttributesOf, peersOf } from '../mirror-pool.js';
import {
  createNonPrimaryMirrorSnapshot, createPrimaryMirrorSnapshot, listMirrorSnapshots, removeMirrorSnapshot,
  unlinkPeerFromSnapshot, updateNonPrimaryProgress,
} from '../mirror-snapshots.js';
import { scheduleApi } from '../schedules.js';
import * as imageMap from './image-map.js';
import * as clones from './clones.js';
import * as images from './images.js';
import * as pools from './pools.js';
import { requestResync } from './resync.js';
import * as serviceMap from './service-map.js';
import * as status from './status.js';

const AS_DAEMON = { asMirrorDaemon: true } as const;

function parseData(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {}; // corrupt client data reads as empty
  }
}

export class LocalEndpoint implements ReplicationEndpoint {
  constructor(readonly core: LocalCore, readonly label: string, private readonly check: () => void = () => undefined,
    private readonly checkpointer?: WalCheckpointer) {}

  private get store() { return this.core.store; }
  private get db() { return this.core.store.db; }
  private tx<T>(fn: () => T): T { return this.store.tx(fn); }

  transaction<T>(fn: () => T): T { return this.tx(fn); }
  /** Another local cluster's store is a file this connection can attach and copy from in SQL. */
  transactionCopyingFrom<T>(source: ReplicationEndpoint, fn: (direct: DirectCopy | undefined) => T): T {
    if (!(source instanceof LocalEndpoint) || source.store.dir === this.store.dir || this.db.inTransaction) return this.tx(() => fn(undefined));
    const direct: DirectCopy = (sourceImageId, at, targetImageId, start, end) =>
      copyAttachedBlocks(this.db, sourceImageId, at, targetImageId, start, end);
    return inTransactionWithSource(this.db, join(source.store.dir, DB_FILE), (attached) => fn(attached ? direct : undefined));
  }
  verify(): void { this.check(); }
  close(): void {
    this.checkpointer?.close();
    this.core.close();
  }
  settle(signal?: AbortSignal): Promise<void> { return this.checkpointer?.settle(signal) ?? Promise.resolve(); }
  config(name: string): string { return this.core.config(name); }

  registerDaemon(clientId: string): DaemonRegistration { return serviceMap.registerDaemon(this.store, clientId); }
  heartbeat(reg: DaemonRegistration, clientId: string, report: PoolReport): void { serviceMap.heartbeat(this.store, reg, clientId, report); }
  isLeader(gid: number): boolean { return serviceMap.isLeader(this.store, gid); }
  unregisterDaemon(gid: number): void { serviceMap.unregisterDaemon(this.store, gid); }
  mapImages(poolId: number, namespace: string, ids: readonly string[], gid: number): void { imageMap.mapImages(this.store, poolId, namespace, ids, gid); }
  claimImages(poolId: number, namespace: string, gid: number): string[] { return imageMap.claimImages(this.store, poolId, namespace, gid); }

  mirroredPools(): MirroredPool[] { return pools.mirroredPools(this.core); }
  poolId(pool: string): number | undefined { return pools.poolId(this.core, pool); }
  poolNames(): string[] { return pools.poolNames(this.core); }
  mirrorMode(poolId: number, namespace: string): MirrorMode { return modeOf(this.store, poolId, namespace); }
  mirrorUuid(poolId: number, namespace: string): string { return pools.mirrorUuid(this.core, poolId, namespace); }
  siteName(): string { return pools.siteNameOf(this.store); }
  peers(poolId: number): PeerSite[] { return peersOf(this.store, poolId); }
  peerAttributes(poolId: number, uuid: string): PeerAttributes { return peerAttributesOf(this.store, poolId, uuid); }
  announcePeer(poolId: number, siteName: string, mirrorUuid: string) { return pools.announcePeer(this.core, poolId, siteName, mirrorUuid); }
  changeToken(poolId: number, namespace: string): string { return pools.changeToken(this.core, poolId, namespace); }

  mirroredImages(poolId: number, namespace: string): MirroredImage[] { return images.mirroredImages(this.core, poolId, namespace); }
  mirroredImage(poolId: number, namespace: string, globalId: string) { return images.mirroredImage(this.core, poolId, namespace, globalId); }
  imageNameTaken(poolId: number, namespace: string, name: string): boolean { return images.imageNameTaken(this.core, poolId, namespace, name); }
  createNonPrimaryImage(poolId: number, namespace: string, source: MirroredImage, dataPool: string | undefined): string {
    return images.createNonPrimaryImage(this.core, poolId, namespace, source, dataPool);
  }
  deleteImage(imageId: string): void { images.deleteImage(this.core, imageId); }
  markMirrorEnabled(imageId: string): void {
    this.tx(() => this.db.prepare('UPDATE mirror_images SET state = ? WHERE image_id = ?').run(MIRROR_IMAGE_STATE.enabled, imageId));
  }
  setPromotion(imageId: string, promotion: 'primary' | 'non-primary' | 'orphan'): void { this.tx(() => setPromotion(this.core, imageId, promotion)); }
  imageMeta(imageId: string): Record<string, string> { return images.imageMeta(this.core, imageId); }
  replaceImageMeta(imageId: string, meta: Record<string, string>): void { images.replaceImageMeta(this.core, imageId, meta); }
  userSnapshots(imageId: string): UserSnap[] { return images.userSnapshots(this.core, imageId); }
  createUserSnapshot(imageId: string, snap: Pick<UserSnap, 'name' | 'size' | 'protected'>): number { return images.createUserSnapshot(this.core, imageId, snap); }
  removeUserSnapshot(imageId: string, name: string): void { images.removeUserSnapshot(this.core, imageId, name); }
  setSnapshotProtection(imageId: string, snapId: number, isProtected: boolean): void { images.setSnapshotProtection(this.core, imageId, snapId, isProtected); }

  imageSize(imageId: string): number { return imageRowById(this.db, imageId).size; }
  objectSize(imageId: string): number { return layoutOf(imageRowById(this.db, imageId).order_bits).objectSize; }
  snapshotSize(imageId: string, snapId: number): number | undefined {
    return (this.db.prepare('SELECT size FROM snapshots WHERE image_id = ? AND snap_id = ?').get(imageId, snapId) as { size: number } | undefined)?.size;
  }
  objectsWithData(imageId: string, snapId: number | null): number[] { return objectsWithData(this.db, imageRowById(this.db, imageId), snapId); }
  changedExtents(imageId: string, from: number | null, to: ReadPoint): ChangedExtent[] {
    return this.db.transaction(() => changedBlockRuns(this.db, imageRowById(this.db, imageId), from, to))();
  }
  readObject(imageId: string, at: ReadPoint, objectNo: number): DataChunk {
    return this.db.transaction(() => readObjectChunk(this.db, imageRowById(this.db, imageId), at, objectNo))();
  }
  read(imageId: string, at: ReadPoint, offset: number, length: number): Buffer {
    return this.db.transaction(() => readRange(this.db, imageRowById(this.db, imageId), at, offset, length))();
  }
  readExtents(imageId: string, at: ReadPoint, offset: number, length: number, changedSince?: number | null): { offset: number; data: Buffer }[] {
    return this.db.transaction(() => readStoredExtents(this.db, imageRowById(this.db, imageId), at, offset, length, changedSince))();
  }
  writeExtents(imageId: string, extents: readonly { offset: number; data: Buffer }[]): number {
    return this.tx(() => writeExtents(this.db, imageRowById(this.db, imageId), extents, AS_DAEMON));
  }
  discard(imageId: string, offset: number, length: number): void {
    this.tx(() => discardRange(this.db, imageRowById(this.db, imageId), offset, length, AS_DAEMON));
  }
  resize(imageId: string, size: number): void {
    this.tx(() => {
      const image = imageRowById(this.db, imageId);
      if (image.size !== size) resizeImage(this.db, image, size, AS_DAEMON);
    });
  }

  journalHead(imageId: string) { return journalHead(this.db, imageId); }
  journalClient(imageId: string, clientId: string): JournalClient | undefined {
    const c = getJournalClient(this.db, imageId, clientId);
    return c && { clientId: c.clientId, commitTid: c.commitTid, state: c.state, data: parseData(c.data) };
  }
  registerJournalClient(imageId: string, clientId: string, commitTid: number, data: Record<string, unknown> = {}): void {
    this.tx(() => upsertJournalClient(this.db, imageId, clientId, commitTid, JSON.stringify(data)));
  }
  setJournalClientData(imageId: string, clientId: string, data: Record<string, unknown>): void {
    this.tx(() => setJournalClientData(this.db, imageId, clientId, JSON.stringify(data)));
  }
  unregisterJournalClients(imageId: string): void { this.tx(() => unregisterAllJournalClients(this.db, imageId)); }
  readJournal(imageId: string, afterTid: number, limit: number, maxBytes?: number): JournalEntry[] {
    return readJournalEntries(this.db, imageId, afterTid, limit, maxBytes);
  }
  commitJournal(imageId: string, clientId: string, tid: number): void { this.tx(() => commitJournalPosition(this.db, imageId, clientId, tid)); }
  followJournalTag(imageId: string, tagTid: number): void { this.tx(() => followJournalTag(this.db, imageId, tagTid)); }
  replayPosition(imageId: string): ReplayPosition | undefined { return appliedPosition(this.db, imageId); }
  setReplayPosition(imageId: string, pos: ReplayPosition | undefined): void { this.tx(() => setAppliedPosition(this.db, imageId, pos)); }

  mirrorSnapshots(imageId: string): MirrorSnapshot[] { return listMirrorSnapshots(this.core, imageId); }
  createNonPrimarySnapshot(imageId: string, spec: NonPrimarySnapshotSpec): number {
    return this.tx(() => createNonPrimaryMirrorSnapshot(this.core, imageId, spec));
  }
  setCopyProgress(imageId: string, snapId: number, lastCopiedObjectNumber: number): void {
    this.tx(() => updateNonPrimaryProgress(this.core, imageId, snapId, { lastCopiedObjectNumber }));
  }
  removeMirrorSnapshot(imageId: string, snapId: number): void { this.tx(() => removeMirrorSnapshot(this.core, imageId, snapId)); }
  unlinkPeer(imageId: string, snapId: number, peerUuid: string): void {
    this.tx(() => unlinkPeerFromSnapshot(this.core, imageId, snapId, peerUuid));
  }

  snapshotSchedules(): Promise<ScheduleEntry[]> { return scheduleApi(this.core).scheduleList(); }
  scheduledCandidates(): ScheduledCandidate[] {
    return (this.db.prepare(`SELECT i.id, i.pool_id, p.name AS pool, i.namespace, i.name AS image, m.global_id
      FROM images i JOIN mirror_images m ON m.image_id = i.id JOIN pools p ON p.id = i.pool_id
      WHERE m.mode = 1 AND m.state = 1 AND m.promotion = 'primary'`).all() as
      { id: string; pool_id: number; pool: string; namespace: string; image: string; global_id: string }[])
      .map((r) => ({ imageId: r.id, poolId: r.pool_id, pool: r.pool, namespace: r.namespace, image: r.image, globalId: r.global_id }));
  }
  createScheduledSnapshot(c: ScheduledCandidate): number {
    return this.tx(() => createPrimaryMirrorSnapshot(this.core, { imageId: c.imageId, poolId: c.poolId, globalId: c.globalId }, { requirePeers: true }));
  }

  writeStatus(key: StatusKey, value: StatusValue, gid: number, now?: number): void { status.writeStatus(this.store, key, value, gid, now); }
  removeStatus(key: StatusKey): void { status.removeStatus(this.store, key); }
  requestResync(imageId: string): void { requestResync(this.core, imageId); }
  touchStatuses(key: Omit<StatusKey, 'globalId'>, gid: number, now?: number): void { status.touchStatuses(this.store, key, gid, now); }

  // life: the image life cycle
  renameImage(imageId: string, name: string): void { images.renameImage(this.core, imageId, name); }
  imageConfig(imageId: string, name: string): string { return imageOption(this.core, imageId, name); }
  // snapl: layering and the snapshot life cycle
  cloneParent(imageId: string): CloneParentSpec | undefined { return clones.cloneParent(this.core, imageId); }
  findCloneParent(parent: CloneParentSpec): LocalParentRef | undefined { return clones.findCloneParent(this.core, parent); }
  linkCloneParent(imageId: string, parent: LocalParentRef, overlap: number, format: 1 | 2): void { clones.linkCloneParent(this.core, imageId, parent, overlap, format); }
  flattenImage(imageId: string): void { clones.flattenImage(this.core, imageId); }
  renameUserSnapshot(imageId: string, from: string, to: string): void { clones.renameUserSnapshot(this.core, imageId, from, to); }
  setUserSnapshotOrigin(imageId: string, snapId: number, primarySnapId: number): void { clones.setUserSnapshotOrigin(this.core, imageId, snapId, primarySnapId); }
  userSnapshotOrigins(imageId: string): Map<number, number> { return clones.userSnapshotOrigins(this.core, imageId); }
}
