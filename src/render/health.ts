// `mirror pool|image health` (rbdm additions): a monitoring-plugin summary line, then one row per
// image with problems first (every image with --verbose), and the same data as JSON/XML.
import { formatSeconds, healthOf, imageSpecOf, shownName } from '../rules/health.js';
import type { HealthReport } from '../domain/replication/health.js';
import type { ImageReplication, PeerReplication, PoolReplication, Problem } from '../domain/replication/types.js';
import { siteStateText } from '../rules/site-state.js';
import { bytesHuman } from '../rules/byte-units.js';
import type { Rendering } from './output.js';
import type { Paint } from './paint.js';
import { timestr } from './status-time.js';
import type { Plain } from './xml.js';

const RANK = { CRITICAL: 0, WARNING: 1, OK: 2 } as const;

/** Images to show: problems first (critical, then warning), every image only with --verbose. */
export function shownImages(pool: PoolReplication, verbose: boolean): ImageReplication[] {
  const list = pool.images.map((img, i) => ({ img, i, h: healthOf(img.problems) as keyof typeof RANK }))
    .filter((x) => verbose || x.h !== 'OK');
  return list.sort((a, b) => RANK[a.h] - RANK[b.h] || a.i - b.i).map((x) => x.img);
}

const poolSpec = (p: Pick<PoolReplication, 'pool' | 'namespace'>) => shownName(p.namespace ? `${p.pool}/${p.namespace}` : p.pool);
const recordState = (p: PeerReplication) => siteStateText(p.status);

function summaryLine(r: HealthReport): string {
  const total = r.counts.OK + r.counts.WARNING + r.counts.CRITICAL;
  const where = r.image ? imageSpecOf(r.image) : r.pools.length === 0 ? 'no mirrored pools' : r.pools.map(poolSpec).join(', ');
  const site = r.pools[0]?.siteName && shownName(r.pools[0].siteName);
  return `RBD MIRROR ${r.status} - ${total} image${total === 1 ? '' : 's'}: ${r.counts.CRITICAL} critical, ${r.counts.WARNING} warning, ` +
    `${r.counts.OK} ok (${where}${site ? ` on site ${site}` : ''})`;
}

function problemLines(p: Problem, indent: string): string[] {
  return [`${indent}${p.severity} ${p.code}${p.site ? ` [${p.site}]` : ''}: ${p.message}`, `${indent}  hint: ${p.hint}`];
}

function peerBrief(p: PeerReplication): string {
  const lag = p.lagSeconds === undefined ? 'lag ?' : `lag ${formatSeconds(p.lagSeconds)}`;
  return `${shownName(p.siteName)} ${recordState(p)} ${lag}`;
}

function peerDetail(p: PeerReplication): string {
  const parts = [`state ${recordState(p)}`];
  if (p.status.ageSeconds !== undefined) parts.push(`status ${formatSeconds(p.status.ageSeconds)} old`);
  if (p.replayer !== 'none') parts.push(`replayed by ${p.replayer === 'local' ? 'this site' : shownName(p.siteName)} (daemon ${p.daemonUp ? 'up' : 'down'})`);
  if (p.replayState) parts.push(p.replayState);
  if (p.syncingPercent !== undefined) parts.push(`${p.syncingPercent}%`);
  if (p.lastSync?.time !== undefined) {
    const size = p.lastSync.bytes !== undefined ? ` ${bytesHuman(p.lastSync.bytes)}` : '';
    const took = p.lastSync.durationSeconds !== undefined ? ` in ${formatSeconds(p.lastSync.durationSeconds)}` : '';
    parts.push(`last sync ${timestr(p.lastSync.time)}${size}${took}`);
  }
  if (p.lagSeconds !== undefined) parts.push(`lag ${formatSeconds(p.lagSeconds)}`);
  if (p.entriesBehind !== undefined) parts.push(`${p.entriesBehind} entries behind`);
  if (p.bytesBehind !== undefined) parts.push(`${bytesHuman(p.bytesBehind)} behind`);
  if (p.bytesPerSecond) parts.push(`${bytesHuman(Math.round(p.bytesPerSecond))}/s`);
  if (p.etaSeconds !== undefined) parts.push(`synced in ~${formatSeconds(p.etaSeconds)}`);
  return `    ${shownName(p.siteName)}: ${parts.join(', ')}`;
}

function imageLines(img: ImageReplication, verbose: boolean): string[] {
  const health = healthOf(img.problems);
  const out = [`${health} ${imageSpecOf(img)} ${img.mode} ${img.role}${img.peers.length ? ' ' + img.peers.map(peerBrief).join(', ') : ''}`];
  for (const p of img.problems) out.push(...problemLines(p, '  '));
  if (verbose) {
    if (img.local) out.push(`    this site: state ${siteStateText(img.local)}, ${img.local.description}`);
    for (const p of img.peers) out.push(peerDetail(p));
    const s = img.schedule;
    if (s) {
      out.push(`    schedule: every ${s.interval}, last mirror snapshot ${s.lastMirrorSnapshot ? timestr(s.lastMirrorSnapshot) : 'none'}` +
        `${s.nextDue ? `, next ${timestr(s.nextDue)}` : ''}${s.overdue ? ', overdue' : ''}${s.executed ? '' : ', not executed here'}`);
    } else if (img.mode === 'snapshot' && img.role === 'primary') {
      out.push(`    schedule: none, last mirror snapshot ${img.lastMirrorSnapshot ? timestr(img.lastMirrorSnapshot) : 'none'}`);
    }
  }
  return out;
}

export function healthPlain(r: HealthReport, verbose: boolean): string {
  const out = [summaryLine(r)];
  for (const pool of r.pools) {
    for (const p of pool.problems) out.push(`${poolSpec(pool)}: ${problemLines(p, '')[0]}`, `  hint: ${p.hint}`);
    for (const img of r.image ? pool.images : shownImages(pool, verbose)) out.push(...imageLines(img, verbose));
  }
  return out.join('\n') + '\n';
}

const problemJson = (p: Problem): Plain => ({ code: p.code, severity: p.severity, site: p.site, message: p.message, hint: p.hint });

function peerJson(p: PeerReplication): Plain {
  return {
    site_name: p.siteName, mirror_uuid: p.mirrorUuid, state: recordState(p), description: p.status.description,
    last_update: p.status.lastUpdate, status_age_seconds: p.status.ageSeconds,
    replayer: p.replayer, daemon_up: p.daemonUp, peer_primary: p.peerPrimary, replay_state: p.replayState,
    last_sync_time: p.lastSync?.time, last_sync_bytes: p.lastSync?.bytes, last_sync_seconds: p.lastSync?.durationSeconds,
    lag_seconds: p.lagSeconds, entries_behind: p.entriesBehind, bytes_behind: p.bytesBehind,
    bytes_per_second: p.bytesPerSecond, entries_per_second: p.entriesPerSecond, eta_seconds: p.etaSeconds,
    syncing_percent: p.syncingPercent,
  };
}

export function imageJson(img: ImageReplication): Plain {
  return {
    name: img.name, pool: img.pool, namespace: img.namespace, global_id: img.globalId, mode: img.mode, role: img.role,
    health: healthOf(img.problems),
    local: img.local && { state: siteStateText(img.local), description: img.local.description, last_update: img.local.lastUpdate, status_age_seconds: img.local.ageSeconds },
    peers: img.peers.map(peerJson),
    last_mirror_snapshot: img.lastMirrorSnapshot,
    schedule: img.schedule && {
      interval: img.schedule.interval, interval_seconds: img.schedule.intervalSeconds, last_mirror_snapshot: img.schedule.lastMirrorSnapshot,
      next_due: img.schedule.nextDue, overdue: img.schedule.overdue, executed: img.schedule.executed,
    },
    problems: img.problems.map(problemJson),
  };
}

export function healthJson(r: HealthReport, verbose: boolean): Plain {
  return {
    status: r.status,
    summary: { images: r.counts.OK + r.counts.WARNING + r.counts.CRITICAL, critical: r.counts.CRITICAL, warning: r.counts.WARNING, ok: r.counts.OK },
    pools: r.pools.map((p) => ({
      pool: p.pool, namespace: p.namespace, site_name: p.siteName, time: p.time,
      daemons: p.daemons.map((d) => ({ service_id: d.serviceId, instance_id: d.instanceId, hostname: d.hostname, leader: d.leader, health: d.health })),
      peers: p.peers.map((x) => ({ uuid: x.uuid, site_name: x.siteName, direction: x.direction, mirror_uuid: x.mirrorUuid, mon_host: x.monHost })),
      problems: p.problems.map(problemJson),
      images: (r.image ? p.images : shownImages(p, verbose)).map(imageJson),
    })),
  };
}

function colourHealth(text: string, paint: Paint): string {
  return text.replace(/^(RBD MIRROR )?(OK|WARNING|CRITICAL|UNKNOWN)\b/gm, (_, head: string | undefined, h: string) =>
    (head ?? '') + (h === 'OK' ? paint.good(h) : h === 'CRITICAL' ? paint.bad(h) : paint.warn(h)))
    .replace(/^(\s+)(critical|warning)( \S+)/gm, (_, ind: string, sev: string, rest: string) =>
      ind + (sev === 'critical' ? paint.bad(sev) : paint.warn(sev)) + rest);
}

export function healthRendering(verbose: boolean): Rendering<HealthReport> {
  return {
    root: 'health',
    json: (r) => healthJson(r, verbose),
    plain: (r) => healthPlain(r, verbose),
    xmlItems: { pools: 'pool', images: 'image', peers: 'peer', problems: 'problem', daemons: 'daemon' },
    colour: colourHealth,
  };
}
