// Pool mirroring configuration: site name, mode, mirror uuid, peers, bootstrap (librbd rbd_mirror_*).
import type { MirrorPoolApi } from '../backend.js';
import { MIRROR_MODES, PEER_DIRECTIONS, type PeerAttributes, type PeerDirection } from '../types.js';
import { peer, type RawPeer } from './convert.js';
import { isMissing, type NativeCluster } from './native.js';

export function mirrorPoolApi(c: NativeCluster): MirrorPoolApi {
  const dir = (d: PeerDirection) => PEER_DIRECTIONS.indexOf(d);
  return {
    getSiteName: () => c.call<string>('site_name_get'),
    setSiteName: async (name) => { await c.call('site_name_set', name); },
    getMirrorMode: async (ref) => MIRROR_MODES[await c.call<number>('mirror_mode_get', ref.pool, ref.namespace)] ?? 'disabled',
    setMirrorMode: async (ref, mode) => { await c.call('mirror_mode_set', ref.pool, ref.namespace, MIRROR_MODES.indexOf(mode)); },
    getMirrorUuid: async (ref) => {
      try {
        return await c.call<string>('mirror_uuid_get', ref.pool, ref.namespace);
      } catch (e) {
        if (isMissing(e)) return '';
        throw e;
      }
    },
    listPeers: async (pool) => (await c.call<RawPeer[]>('peer_list', pool, '')).map(peer),
    addPeer: (pool, p) => c.call<string>('peer_add', pool, '', dir(p.direction), p.siteName, p.clientName),
    removePeer: async (pool, uuid) => { await c.call('peer_remove', pool, '', uuid); },
    setPeerClient: async (pool, uuid, client) => { await c.call('peer_set_client', pool, '', uuid, client); },
    setPeerSiteName: async (pool, uuid, name) => { await c.call('peer_set_name', pool, '', uuid, name); },
    setPeerDirection: async (pool, uuid, d) => { await c.call('peer_set_direction', pool, '', uuid, dir(d)); },
    getPeerAttributes: async (pool, uuid) => {
      try {
        const all = await c.call<Record<string, string>>('peer_get_attributes', pool, '', uuid);
        const attrs: PeerAttributes = {};
        if (all.key) attrs.key = all.key;
        if (all.mon_host) attrs.mon_host = all.mon_host;
        return attrs;
      } catch (e) {
        if (isMissing(e)) return {};   // no config-key stored for this peer
        throw e;
      }
    },
    setPeerAttributes: async (pool, uuid, attrs) => {
      const pairs = Object.entries(attrs).filter(([, v]) => v !== undefined && v !== '').flat() as string[];
      await c.call('peer_set_attributes', pool, '', uuid, ...pairs);
    },
    bootstrapCreate: async (pool) => (await c.call<string>('bootstrap_create', pool, '')).trim(),
    bootstrapImport: async (pool, direction, token) => { await c.call('bootstrap_import', pool, '', dir(direction), token); },
  };
}
