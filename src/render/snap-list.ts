// `rbd snap ls [--all]` in rbd's table and JSON/XML keys (tools/rbd/action/Snap.cc).
import type { SnapInfo, SnapNamespace } from '../backends/types.js';
import type { SnapListing } from '../domain/image-snaps.js';
import type { Rendering } from './output.js';
import { textTable, type Column } from './table.js';
import { bytesHuman } from '../rules/byte-units.js';
import { ctime } from './image-units.js';
import type { Plain } from './xml.js';

type MirrorNs = Extract<SnapNamespace, { type: 'mirror' }>;

/** rbd shows both demoted states as `demoted`. */
const mirrorState = (ns: MirrorNs): string => (ns.state.endsWith('demoted') ? 'demoted' : ns.state);
const isNonPrimary = (ns: MirrorNs): boolean => ns.state.startsWith('non-primary');
/** A std::set of uuids: sorted. */
const peers = (ns: MirrorNs): string[] => [...ns.mirrorPeerUuids].sort();

function namespaceJson(ns: SnapNamespace): Plain {
  if (ns.type === 'user') return { type: 'user' };
  if (ns.type === 'trash') return { type: 'trash', original_name: ns.originalName };
  return {
    type: 'mirror',
    state: mirrorState(ns),
    mirror_peer_uuids: peers(ns),
    complete: ns.complete,
    ...(isNonPrimary(ns) ? {
      primary_mirror_uuid: ns.primaryMirrorUuid ?? '',
      primary_snap_id: ns.primarySnapId ?? 0,
      last_copied_object_number: ns.lastCopiedObjectNumber ?? 0,
    } : {}),
  };
}

/** The NAMESPACE column: `mirror (primary peer_uuids:[a,b])`, `mirror (non-primary peer_uuids:[] <uuid>:<id> 40% copied)`. */
export function namespaceText(ns: SnapNamespace, objectCount: number): string {
  if (ns.type === 'user') return 'user';
  if (ns.type === 'trash') return `trash (${ns.originalName})`;
  let text = `mirror (${mirrorState(ns)} peer_uuids:[${peers(ns).join(',')}]`;
  if (isNonPrimary(ns)) {
    text += ` ${ns.primaryMirrorUuid ?? ''}:${ns.primarySnapId ?? 0} `;
    if (!ns.complete) {
      text += objectCount > 0
        ? `${Math.min(100, Math.floor((100 * (ns.lastCopiedObjectNumber ?? 0)) / objectCount))}% `
        : 'not ';
    }
    text += 'copied';
  }
  return text + ')';
}

const COLUMNS: Column[] = [
  { header: 'SNAPID', align: 'right' }, { header: 'NAME' }, { header: 'SIZE', align: 'right' },
  { header: 'PROTECTED' }, { header: 'TIMESTAMP', align: 'right' },
];

export const snapListRendering: Rendering<SnapListing> = {
  root: 'snapshots',
  xmlItems: { mirror_peer_uuids: 'peer_uuid' },
  json: (l) => l.snaps.map((s: SnapInfo) => ({
    id: s.id, name: s.name, size: s.size, protected: String(s.protected), timestamp: ctime(s.timestamp),
    ...(l.all ? { namespace: namespaceJson(s.namespace) } : {}),
  })),
  plain: (l) => {
    if (l.snaps.length === 0) return '';
    const columns = l.all ? [...COLUMNS, { header: 'NAMESPACE' }] : COLUMNS;
    return textTable(columns, l.snaps.map((s) => {
      const row = [String(s.id), s.name, bytesHuman(s.size), s.protected ? 'yes' : '', ctime(s.timestamp)];
      if (l.all) row.push(namespaceText(s.namespace, l.objectCount));
      return row;
    }));
  },
};
