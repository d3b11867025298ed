// Mirror snapshots (snapshot-based mirroring): naming, creation, peer linking, pruning and the
// promotion state they imply. Rows of `snapshots` with namespace_type 'mirror'. Everything that
// writes must run inside store.tx(). The replication daemon uses the non-primary helpers.
import { imageOption } from './image-config.js';
import { randomUUID } from 'node:crypto';
import { Errno, RbdError } from '../../errors.js';
import { SNAP_MIRROR_STATES, type SnapMirrorState } from '../types.js';
import type { MirrorSnapshot, NonPrimarySnapshotSpec, Promotion } from '../replication.js';
import type { LocalCore } from './core.js';
import { allocateSnapId, imageRowById, rollbackToSnapshot } from './image-data.js';

/** snapshots.mirror_state holds the index of SNAP_MIRROR_STATES (backends/types.ts). */
export type MirrorSnapState = SnapMirrorState;

export type { MirrorSnapshot, Promotion } from '../replication.js';

interface SnapRow {
  snap_id: number; name: string; mirror_state: number; peer_uuids: string; complete: number;
  primary_mirror_uuid: string | null; primary_snap_id: number | null; last_copied_object_number: number | null; created: number;
}

function fromRow(r: SnapRow): MirrorSnapshot {
  return {
    snapId: r.snap_id, name: r.name, state: SNAP_MIRROR_STATES[r.mirror_state] ?? 'primary',
    peerUuids: JSON.parse(r.peer_uuids) as string[], complete: r.complete === 1,
    ...(r.primary_mirror_uuid !== null ? { primaryMirrorUuid: r.primary_mirror_uuid } : {}),
    ...(r.primary_snap_id !== null ? { primarySnapId: r.primary_snap_id } : {}),
    ...(r.last_copied_object_number !== null ? { lastCopiedObjectNumber: r.last_copied_object_number } : {}),
    created: r.created,
  };
}

/** A forced promotion over an unfinished non-primary copy rolls the image data back to the last
 *  complete mirror snapshot: image-data's rollback, bypassing the non-primary write check as the
 *  mirror daemon's writes do. An object so tests can replace it. */
export const imageDataHooks = {
  rollbackToSnapshot: (core: LocalCore, imageId: string, snapId: number): void => {
    const { db } = core.store;
    rollbackToSnapshot(db, imageRowById(db, imageId), snapId, { asMirrorDaemon: true });
  },
};

export const primarySnapName = (globalId: string): string => `.mirror.primary.${globalId}.${randomUUID()}`;
export const nonPrimarySnapName = (globalId: string): string => `.mirror.non_primary.${globalId}.${randomUUID()}`;

/** The image's mirror snapshots, oldest first (snapshot id order). */
export function listMirrorSnapshots(core: LocalCore, imageId: string): MirrorSnapshot[] {
  const rows = core.store.db.prepare(
    "SELECT * FROM snapshots WHERE image_id = ? AND namespace_type = 'mirror' ORDER BY snap_id").all(imageId) as SnapRow[];
  return rows.map(fromRow);
}

export function getMirrorSnapshot(core: LocalCore, imageId: string, snapId: number): MirrorSnapshot | undefined {
  const row = core.store.db.prepare(
    "SELECT * FROM snapshots WHERE image_id = ? AND snap_id = ? AND namespace_type = 'mirror'").get(imageId, snapId) as SnapRow | undefined;
  return row && fromRow(row);
}

/** Promotion state from the newest mirror snapshot (librbd GetInfoRequest); none → primary. */
export function promotionFromSnapshots(snaps: readonly Pick<MirrorSnapshot, 'state'>[]): Promotion {
  const newest = snaps[snaps.length - 1];
  if (!newest || newest.state === 'primary') return 'primary';
  return newest.state === 'non-primary' ? 'non-primary' : 'orphan';
}

/** Peers the primary creates snapshots for: every pool peer whose direction is not rx-only. */
export function txPeerUuids(core: LocalCore, poolId: number): string[] {
  return (core.store.db.prepare('SELECT uuid FROM peers WHERE pool_id = ? AND direction != 0 ORDER BY seq').all(poolId) as { uuid: string }[])
    .map((r) => r.uuid);
}

/** rbd_mirroring_max_mirroring_snapshots of the image (image-config.ts: image-meta conf_ keys apply). */
export function maxMirroringSnapshots(core: LocalCore, imageId: string): number {
  const value = Number.parseInt(imageOption(core, imageId, 'rbd_mirroring_max_mirroring_snapshots'), 10);
  return Number.isFinite(value) ? Math.max(3, value) : 5;
}

interface InsertSnap {
  name: string; state: MirrorSnapState; peerUuids: string[]; complete: boolean;
  primaryMirrorUuid?: string | null; primarySnapId?: number | null; lastCopiedObjectNumber?: number | null;
}

function insertMirrorSnapshot(core: LocalCore, imageId: string, s: InsertSnap): number {
  const { db } = core.store;
  const image = db.prepare('SELECT size FROM images WHERE id = ?').get(imageId) as { size: number } | undefined;
  if (!image) throw new RbdError(Errno.ENOENT, 'image not found');
  const snapId = allocateSnapId(db, imageId);
  db.prepare(`INSERT INTO snapshots (image_id, snap_id, name, size, created, namespace_type, mirror_state, peer_uuids,
      complete, primary_mirror_uuid, primary_snap_id, last_copied_object_number)
    VALUES (?, ?, ?, ?, ?, 'mirror', ?, ?, ?, ?, ?, ?)`).run(
    imageId, snapId, s.name, image.size, Date.now(), SNAP_MIRROR_STATES.indexOf(s.state), JSON.stringify(s.peerUuids),
    s.complete ? 1 : 0, s.primaryMirrorUuid ?? null, s.primarySnapId ?? null, s.lastCopiedObjectNumber ?? null);
  return snapId;
}

export interface PrimarySnapshotTarget { imageId: string; poolId: number; globalId: string }

/** librbd CreatePrimaryRequest: a primary (or primary-demoted) snapshot linked to every tx peer,
 *  then pruning. requirePeers: no tx peer → EINVAL (`mirror image snapshot`); enable, promote and
 *  demote pass false (CREATE_PRIMARY_FLAG_IGNORE_EMPTY_PEERS). Returns the snapshot id. */
export function createPrimaryMirrorSnapshot(core: LocalCore, target: PrimarySnapshotTarget,
  opts: { demoted?: boolean; requirePeers?: boolean } = {}): number {
  const peers = txPeerUuids(core, target.poolId);
  if (opts.requirePeers && peers.length === 0) throw new RbdError(Errno.EINVAL, 'no mirror tx peers configured for the pool');
  const snapId = insertMirrorSnapshot(core, target.imageId, {
    name: primarySnapName(target.globalId), state: opts.demoted ? 'primary-demoted' : 'primary', peerUuids: peers, complete: true,
  });
  pruneMirrorSnapshots(core, target.imageId, peers);
  syncPromotionColumn(core, target.imageId);
  return snapId;
}

export type { NonPrimarySnapshotSpec } from '../replication.js';

/** librbd CreateNonPrimaryRequest: `.mirror.non_primary.<global_id>.<uuid>` on the secondary. */
export function createNonPrimaryMirrorSnapshot(core: LocalCore, imageId: string, spec: NonPrimarySnapshotSpec): number {
  const snapId = insertMirrorSnapshot(core, imageId, {
    name: nonPrimarySnapName(spec.globalId), state: spec.demoted ? 'non-primary-demoted' : 'non-primary', peerUuids: [],
    complete: spec.complete, primaryMirrorUuid: spec.primaryMirrorUuid, primarySnapId: spec.primarySnapId ?? null,
    lastCopiedObjectNumber: spec.lastCopiedObjectNumber ?? null,
  });
  syncPromotionColumn(core, imageId);
  return snapId;
}

/** Records copy progress of a non-primary snapshot; complete marks it fully copied. */
export function updateNonPrimaryProgress(core: LocalCore, imageId: string, snapId: number,
  progress: { lastCopiedObjectNumber?: number; complete?: boolean }): void {
  const snap = getMirrorSnapshot(core, imageId, snapId);
  if (!snap) throw new RbdError(Errno.ENOENT, `mirror snapshot ${snapId} not found`);
  core.store.db.prepare('UPDATE snapshots SET last_copied_object_number = ?, complete = ? WHERE image_id = ? AND snap_id = ?').run(
    progress.lastCopiedObjectNumber ?? snap.lastCopiedObjectNumber ?? null,
    (progress.complete ?? snap.complete) ? 1 : 0, imageId, snapId);
}

/** cls mirror_image_snapshot_set_copy_progress(complete): the daemon finished copying. */
export function markMirrorSnapshotComplete(core: LocalCore, imageId: string, snapId: number, lastCopiedObjectNumber?: number): void {
  updateNonPrimaryProgress(core, imageId, snapId, { complete: true, ...(lastCopiedObjectNumber !== undefined ? { lastCopiedObjectNumber } : {}) });
}

export function removeMirrorSnapshot(core: LocalCore, imageId: string, snapId: number): void {
  core.store.db.prepare("DELETE FROM snapshots WHERE image_id = ? AND snap_id = ? AND namespace_type = 'mirror'").run(imageId, snapId);
  syncPromotionColumn(core, imageId);
}

export function removeAllMirrorSnapshots(core: LocalCore, imageId: string): void {
  core.store.db.prepare("DELETE FROM snapshots WHERE image_id = ? AND namespace_type = 'mirror'").run(imageId);
}

/** librbd UnlinkPeerRequest: drops peerUuid from a primary snapshot. allowRemove (what
 *  CreatePrimaryRequest's pruning and peer_site_remove pass): when the peer list ends up empty and
 *  a newer mirror snapshot exists, the snapshot is deleted instead. Without it (rbd-mirror's
 *  Replayer::unlink_peer after syncing a newer snapshot, allow_remove=false in 16.2.15) the
 *  snapshot stays with `peer_uuids:[]` until the next primary snapshot's pruning removes it, as
 *  the recorded `snap ls --all` shows. */
export function unlinkPeerFromSnapshot(core: LocalCore, imageId: string, snapId: number, peerUuid: string,
  opts: { allowRemove?: boolean } = {}): void {
  const snaps = listMirrorSnapshots(core, imageId);
  const snap = snaps.find((s) => s.snapId === snapId);
  if (!snap) throw new RbdError(Errno.ENOENT, `mirror snapshot ${snapId} not found`);
  const remaining = snap.peerUuids.filter((p) => p !== peerUuid);
  const hasNewer = snaps.some((s) => s.snapId > snapId);
  if (opts.allowRemove && remaining.length === 0 && hasNewer) {
    removeMirrorSnapshot(core, imageId, snapId);
    return;
  }
  if (remaining.length === snap.peerUuids.length) return;
  core.store.db.prepare('UPDATE snapshots SET peer_uuids = ? WHERE image_id = ? AND snap_id = ?')
    .run(JSON.stringify(remaining), imageId, snapId);
}

// ---- pruning (librbd CreatePrimaryRequest::unlink_peer, 16.2.10+ behaviour) ----

export type PruneStep = { kind: 'remove'; snapId: number } | { kind: 'unlink'; snapId: number; peer: string };
export type PruneSnap = Pick<MirrorSnapshot, 'snapId' | 'state' | 'peerUuids'>;

/** The next pruning step, or undefined when within the limit. Per tx peer, oldest first:
 *  a primary snapshot linked to no peer is removed first; otherwise primary snapshots since the
 *  last non-primary-state one that are linked to the peer are counted, and once the count exceeds
 *  the limit the peer is unlinked from the one at position = limit (the most recent older one),
 *  so a lagging peer keeps its oldest base. */
export function nextPruneStep(snaps: readonly PruneSnap[], txPeers: readonly string[], limit: number): PruneStep | undefined {
  for (const peer of txPeers) {
    let count = 0;
    let atLimit: number | undefined;
    for (const s of snaps) {
      if (s.state !== 'primary') { count = 0; atLimit = undefined; continue; }
      if (s.peerUuids.length === 0) return { kind: 'remove', snapId: s.snapId };
      if (!s.peerUuids.includes(peer)) continue;
      count++;
      if (count === limit) atLimit = s.snapId;
      if (count > limit && atLimit !== undefined) return { kind: 'unlink', snapId: atLimit, peer };
    }
  }
  return undefined;
}

/** Applies one step to a snapshot list (pure): unlinking the last peer deletes the snapshot
 *  when a newer mirror snapshot exists. */
export function applyPruneStep(snaps: readonly PruneSnap[], step: PruneStep): PruneSnap[] {
  const out: PruneSnap[] = [];
  snaps.forEach((s, i) => {
    if (s.snapId !== step.snapId) { out.push(s); return; }
    if (step.kind === 'remove') return;
    const peers = s.peerUuids.filter((p) => p !== step.peer);
    if (peers.length === 0 && i < snaps.length - 1) return;
    out.push({ ...s, peerUuids: peers });
  });
  return out;
}

/** Every step pruning takes, in order (pure; what pruneMirrorSnapshots performs). */
export function planMirrorSnapshotPruning(snaps: readonly PruneSnap[], txPeers: readonly string[], limit: number): PruneStep[] {
  const steps: PruneStep[] = [];
  let current = [...snaps];
  for (let step = nextPruneStep(current, txPeers, limit); step; step = nextPruneStep(current, txPeers, limit)) {
    steps.push(step);
    current = applyPruneStep(current, step);
  }
  return steps;
}

export function pruneMirrorSnapshots(core: LocalCore, imageId: string, txPeers: readonly string[]): void {
  const steps = planMirrorSnapshotPruning(listMirrorSnapshots(core, imageId), txPeers, maxMirroringSnapshots(core, imageId));
  for (const step of steps) {
    if (step.kind === 'remove') removeMirrorSnapshot(core, imageId, step.snapId);
    else unlinkPeerFromSnapshot(core, imageId, step.snapId, step.peer, { allowRemove: true });
  }
}

/** Snapshot mode keeps mirror_images.promotion equal to what its snapshots imply. */
export function syncPromotionColumn(core: LocalCore, imageId: string): void {
  const promotion = promotionFromSnapshots(listMirrorSnapshots(core, imageId));
  core.store.db.prepare('UPDATE mirror_images SET promotion = ? WHERE image_id = ? AND mode = 1 AND promotion != ?')
    .run(promotion, imageId, promotion);
}
