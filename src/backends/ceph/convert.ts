// librbd's numeric enums and bit sets <-> the plain types of backends/types.ts (the tables live there).
import type { ImageGlobalStatus, MirrorImageInfo, PeerSite, SiteStatus, SnapInfo, SnapNamespace } from '../types.js';
import { IMAGE_MIRROR_MODES, IMAGE_MIRROR_STATES, PEER_DIRECTIONS, SITE_STATES, SNAP_MIRROR_STATES, SNAP_NAMESPACE_TYPE } from '../types.js';

export interface RawPeer { uuid: string; direction: number; site_name: string; mirror_uuid: string; client_name: string; last_seen: number }
export function peer(p: RawPeer): PeerSite {
  return {
    uuid: p.uuid, direction: PEER_DIRECTIONS[p.direction] ?? 'rx-tx', siteName: p.site_name, mirrorUuid: p.mirror_uuid,
    clientName: p.client_name, lastSeen: p.last_seen,
  };
}

export interface RawMirrorInfo { global_id: string; state: number; primary: boolean; mode?: number }
/** librbd only knows primary or not; 'unknown' while mirroring is disabled. */
export function mirrorInfo(i: RawMirrorInfo, mode?: number): MirrorImageInfo {
  const state = IMAGE_MIRROR_STATES[i.state] ?? 'disabled';
  const m = mode ?? i.mode ?? 0;
  return {
    globalId: i.global_id,
    state,
    mode: IMAGE_MIRROR_MODES[m] ?? 'journal',
    primary: i.primary,
    promotionState: state === 'disabled' ? 'unknown' : i.primary ? 'primary' : 'non-primary',
  };
}

export interface RawSite { mirror_uuid: string; state: number; description: string; last_update: number; up: boolean }
export function site(s: RawSite): SiteStatus {
  return {
    mirrorUuid: s.mirror_uuid, state: SITE_STATES[s.state] ?? 'unknown', description: s.description,
    lastUpdate: s.last_update, up: s.up,
  };
}

export interface RawGlobalStatus { name: string; info: RawMirrorInfo; sites: RawSite[]; id?: string }
export function globalStatus(g: RawGlobalStatus, mode?: number): ImageGlobalStatus {
  return { name: g.name, info: mirrorInfo(g.info, mode), sites: g.sites.map(site) };
}

export interface RawSnap {
  id: number; name: string; size: number; protected: boolean; timestamp: number; namespace_type: number;
  trash_original_name?: string;
  mirror?: {
    state: number; mirror_peer_uuids: string[]; complete: boolean; primary_mirror_uuid: string;
    primary_snap_id: number; last_copied_object_number: number;
  };
}
/** User and mirror snapshots; group and trash snapshots (librbd's own bookkeeping, e.g. a journal
 *  sync point being removed) are left out, as `rbd snap ls` leaves them out of its default view. */
export function isListedSnap(s: RawSnap): boolean {
  return s.namespace_type === SNAP_NAMESPACE_TYPE.user || s.namespace_type === SNAP_NAMESPACE_TYPE.mirror
    || s.namespace_type === SNAP_NAMESPACE_TYPE.trash; // snapl: `snap ls --all` shows the snapshot trash
}

export function snap(s: RawSnap): SnapInfo {
  let namespace: SnapNamespace = s.namespace_type === SNAP_NAMESPACE_TYPE.trash
    ? { type: 'trash', originalName: s.trash_original_name ?? '' } : { type: 'user' };
  if (s.namespace_type === SNAP_NAMESPACE_TYPE.mirror && s.mirror) {
    const m = s.mirror;
    const state = SNAP_MIRROR_STATES[m.state] ?? 'primary';
    namespace = {
      type: 'mirror', state, mirrorPeerUuids: m.mirror_peer_uuids, complete: m.complete,
      ...(state.startsWith('non-primary') ? { primaryMirrorUuid: m.primary_mirror_uuid, primarySnapId: m.primary_snap_id } : {}),
      ...(m.complete ? {} : { lastCopiedObjectNumber: m.last_copied_object_number }),
    };
  }
  return { id: s.id, name: s.name, size: s.size, protected: s.protected, timestamp: Math.round(s.timestamp), namespace };
}
