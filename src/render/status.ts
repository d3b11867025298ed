// `mirror image status` and `mirror pool status` in rbd's plain layout and JSON/XML keys.
// Built with arrays of strings joined once: `pool status --verbose` may print 10,000 images.
import type { DaemonServiceRef } from '../backends/types.js';
import type { ImageStatusView, PoolStatus } from '../domain/status.js';
import type { DaemonView } from '../domain/status-health.js';
import type { Rendering } from './output.js';
import { timestr } from './status-time.js';
import type { Plain } from './xml.js';
import { paintStatus } from './paint.js';
import { siteStateText } from '../rules/site-state.js';

/** MirrorService::get_description: `<client id> on <host>`. */
const serviceText = (d: DaemonServiceRef) => (d.daemonId || d.serviceId) + (d.hostname ? ` on ${d.hostname}` : '');

function imageJson(v: ImageStatusView): Plain {
  const out: Record<string, Plain> = { name: v.name, global_id: v.globalId };
  if (v.local) {
    out.state = siteStateText(v.local);
    out.description = v.local.description;
    if (v.daemon) {
      out.daemon_service = {
        service_id: v.daemon.serviceId, instance_id: v.daemon.instanceId, daemon_id: v.daemon.daemonId, hostname: v.daemon.hostname,
      };
    }
    out.last_update = timestr(v.local.lastUpdate);
  }
  if (v.peerSites.length) {
    out.peer_sites = v.peerSites.map((p) => ({
      site_name: p.siteName ?? '',
      mirror_uuids: p.mirrorUuid, // a single string despite the plural, as rbd writes it
      state: siteStateText(p.status),
      description: p.status.description,
      last_update: timestr(p.status.lastUpdate),
    }));
  }
  if (v.snapshots) {
    out.snapshots = v.snapshots.map((s) => ({ id: s.id, name: s.name, demoted: s.demoted, mirror_peer_uuids: s.peerUuids }));
  }
  return out;
}

/** The lines of one image block (without the leading blank line pool status adds). */
function imageLines(v: ImageStatusView, out: string[]): void {
  out.push(`${v.name}:`, `  global_id:   ${v.globalId}`);
  if (v.local) {
    out.push(`  state:       ${siteStateText(v.local)}`, `  description: ${v.local.description}`);
    if (v.daemon) out.push(`  service:     ${serviceText(v.daemon)}`);
    out.push(`  last_update: ${timestr(v.local.lastUpdate)}`);
  }
  if (v.peerSites.length) {
    out.push('  peer_sites:');
    v.peerSites.forEach((p, i) => {
      if (i > 0) out.push('');
      out.push(`    name: ${p.siteName ?? p.mirrorUuid}`, `    state: ${siteStateText(p.status)}`,
        `    description: ${p.status.description}`, `    last_update: ${timestr(p.status.lastUpdate)}`);
    });
  }
  if (v.snapshots) {
    out.push('  snapshots:');
    // rbd separates the entries with newlines and ends the section with one more: with no
    // primary snapshot left after filtering, that is an empty line.
    out.push(v.snapshots.map((s) => `    ${s.id} ${s.name} (${s.demoted ? 'demoted ' : ''}peer_uuids:[${s.peerUuids.join(',')}])`).join('\n'));
  }
}

const XML_ITEMS = { peer_sites: 'peer_site', snapshots: 'snapshot', mirror_peer_uuids: 'peer_uuid', daemons: 'daemon', images: 'image', callouts: 'callout' };

export const imageStatusRendering: Rendering<ImageStatusView> = {
  colour: paintStatus,
  root: 'image',
  json: imageJson,
  plain: (v) => {
    const out: string[] = [];
    imageLines(v, out);
    return out.join('\n') + '\n';
  },
  xmlItems: XML_ITEMS,
};

function daemonJson(d: DaemonView): Plain {
  const out: Record<string, Plain> = {
    service_id: d.serviceId, instance_id: d.instanceId, client_id: d.clientId, hostname: d.hostname,
    ceph_version: d.version, leader: d.leader, health: d.health,
  };
  if (d.callouts.length) out.callouts = d.callouts;
  return out;
}

export const poolStatusRendering: Rendering<PoolStatus> = {
  colour: paintStatus,
  root: 'status',
  json: (s) => {
    const out: Record<string, Plain> = {
      summary: {
        health: s.health, daemon_health: s.daemonHealth, image_health: s.imageHealth,
        states: Object.fromEntries(s.states),
      },
    };
    if (s.daemons) out.daemons = s.daemons.map(daemonJson);
    if (s.images) out.images = s.images.map(imageJson);
    return out;
  },
  plain: (s) => {
    const out = [`health: ${s.health}`, `daemon health: ${s.daemonHealth}`, `image health: ${s.imageHealth}`, `images: ${s.total} total`];
    for (const [state, n] of s.states) out.push(`    ${n} ${state}`);
    if (!s.daemons || !s.images) return out.join('\n') + '\n';
    out.push('', 'DAEMONS');
    if (!s.daemons.length) out.push('  none');
    for (const d of s.daemons) {
      out.push(`service ${d.serviceId}:`, `  instance_id: ${d.instanceId}`, `  client_id: ${d.clientId}`, `  hostname: ${d.hostname}`,
        `  version: ${d.version}`, `  leader: ${d.leader}`, `  health: ${d.health}`);
      // ceph's operator<< for a vector: [a,b]
      if (d.callouts.length) out.push(`  callouts: [${d.callouts.join(',')}]`);
      out.push('');
    }
    out.push('', 'IMAGES');
    // rbd starts each image block with a newline (so `IMAGES` alone has no trailing one) and
    // ends it with one: image blocks are separated by a blank line.
    s.images.forEach((v, i) => {
      if (i > 0) out.push('');
      imageLines(v, out);
    });
    return out.join('\n') + (s.images.length ? '\n' : '');
  },
  xmlItems: XML_ITEMS,
};
