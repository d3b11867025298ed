// librbd's numeric enums and bit sets <-> the plain types of backends/types.ts.
import type {
  FeatureName, ImageGlobalStatus, ImageMirrorMode, ImageMirrorState, MirrorImageInfo, MirrorMode, PeerDirection,
  PeerSite, SiteState, SiteStatus, SnapInfo, SnapNamespace,
} from '../types.js';
import { FEATURES, SITE_STATES } from '../types.js';

export const MIRROR_MODES: MirrorMode[] = ['disabled', 'image', 'pool'];            // rbd_mirror_mode_t
export const DIRECTIONS: PeerDirection[] = ['rx-only', 'tx-only', 'rx-tx'];         // rbd_mirror_peer_direction_t
export const IMAGE_MODES: ImageMirrorMode[] = ['journal', 'snapshot'];             // rbd_mirror_image_mode_t
const IMAGE_STATES: ImageMirrorState[] = ['disabling', 'enabled', 'disabled'];      // rbd_mirror_image_state_t
const SNAP_MIRROR_STATES = ['primary', 'primary-demoted', 'non-primary', 'non-primary-demoted'] as const;
const OP_FEATURES: Record<string, number> = { 'clone-parent': 1, 'clone-child': 2, group: 4, 'snap-trash': 8 };
const FLAGS: Record<string, number> = { 'object map invalid': 1, 'fast diff invalid': 2 };
const SNAP_NAMESPACE_USER = 0;
const SNAP_NAMESPACE_MIRROR = 3;

export function featureBits(names: FeatureName[]): number {
  return names.reduce((bits, n) => bits | FEATURES[n], 0);
}

export function featureNames(bits: number): FeatureName[] {
  return (Object.keys(FEATURES) as FeatureName[]).filter((n) => (bits & FEATURES[n]) !== 0);
}

export function bitNames(bits: number, table: Record<string, number>): string[] {
  return Object.keys(table).filter((n) => (bits & table[n]!) !== 0);
}
export const opFeatureNames = (bits: number) => bitNames(bits, OP_FEATURES);
export const flagNames = (bits: number) => bitNames(bits, FLAGS);

export interface RawPeer { uuid: string; direction: number; site_name: string; mirror_uuid: string; client_name: string; last_seen: number }
export function peer(p: RawPeer): PeerSite {
  return {
    uuid: p.uuid, direction: DIRECTIONS[p.direction] ?? 'rx-tx', siteName: p.site_name, mirrorUuid: p.mirror_uuid,
    clientName: p.client_name, lastSeen: p.last_seen,
  };
}

export interface RawMirrorInfo { global_id: string; state: number; primary: boolean; mode?: number }
/** librbd only knows primary or not; 'unknown' while mirroring is disabled. */
export function mirrorInfo(i: RawMirrorInfo, mode?: number): MirrorImageInfo {
  const state = IMAGE_STATES[i.state] ?? 'disabled';
  const m = mode ?? i.mode ?? 0;
  return {
    globalId: i.global_id,
    state,
    mode: IMAGE_MODES[m] ?? 'journal',
    primary: i.primary,
    promotionState: state === 'disabled' ? 'unknown' : i.primary ? 'primary' : 'non-primary',
  };
}

export interface RawSite { mirror_uuid: string; state: number; description: string; last_update: number; up: boolean }
export function site(s: RawSite): SiteStatus {
  return {
    mirrorUuid: s.mirror_uuid, state: (SITE_STATES[s.state] ?? 'unknown') as SiteState, description: s.description,
    lastUpdate: s.last_update, up: s.up,
  };
}

export interface RawGlobalStatus { name: string; info: RawMirrorInfo; sites: RawSite[]; id?: string }
export function globalStatus(g: RawGlobalStatus, mode?: number): ImageGlobalStatus {
  return { name: g.name, info: mirrorInfo(g.info, mode), sites: g.sites.map(site) };
}

export interface RawSnap {
  id: number; name: string; size: number; protected: boolean; timestamp: number; namespace_type: number;
  mirror?: {
    state: number; mirror_peer_uuids: string[]; complete: boolean; primary_mirror_uuid: string;
    primary_snap_id: number; last_copied_object_number: number;
  };
}
/** User and mirror snapshots; group and trash snapshots (librbd's own bookkeeping, e.g. a journal
 *  sync point being removed) are left out, as `rbd snap ls` leaves them out of its default view. */
export function isListedSnap(s: RawSnap): boolean {
  return s.namespace_type === SNAP_NAMESPACE_USER || s.namespace_type === SNAP_NAMESPACE_MIRROR;
}

export function snap(s: RawSnap): SnapInfo {
  let namespace: SnapNamespace = { type: 'user' };
  if (s.namespace_type === SNAP_NAMESPACE_MIRROR && s.mirror) {
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
