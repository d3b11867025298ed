// `mirror pool info` in rbd's plain layout and JSON/XML keys.
import type { PoolMirrorInfo } from '../domain/pool-info.js';
import type { Rendering } from './output.js';

export const poolInfoRendering = (all: boolean): Rendering<PoolMirrorInfo> => ({
  root: 'mirror',
  json: (info) => {
    if (!info.peers) return info.siteName === undefined ? { mode: info.mode } : { mode: info.mode, site_name: info.siteName };
    return {
      mode: info.mode,
      site_name: info.siteName,
      peers: info.peers.map((p) => ({
        uuid: p.uuid,
        direction: p.direction,
        site_name: p.siteName,
        mirror_uuid: p.mirrorUuid,
        client_name: p.clientName,
        // --all: the stored secrets, key before mon_host, only those that are set
        ...(all && p.attributes?.key ? { key: p.attributes.key } : {}),
        ...(all && p.attributes?.mon_host ? { mon_host: p.attributes.mon_host } : {}),
      })),
    };
  },
  plain: (info) => {
    const lines = [`Mode: ${info.mode}`];
    if (info.siteName !== undefined) lines.push(`Site Name: ${info.siteName}`);
    if (info.peers) {
      lines.push('', info.peers.length ? 'Peer Sites: ' : 'Peer Sites: none');
      for (const p of info.peers) {
        lines.push('', `UUID: ${p.uuid}`, `Name: ${p.siteName}`);
        if (!(p.direction === 'rx-only' && p.mirrorUuid === '')) lines.push(`Mirror UUID: ${p.mirrorUuid}`);
        lines.push(`Direction: ${p.direction}`);
        if (!(p.direction === 'tx-only' && p.clientName === '')) lines.push(`Client: ${p.clientName}`);
        if (all) lines.push(`Mon Host: ${p.attributes?.mon_host ?? ''}`, `Key: ${p.attributes?.key ?? ''}`);
      }
    }
    return lines.join('\n') + '\n';
  },
});
