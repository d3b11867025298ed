// Pure: the problems of one image's replication record, each with a severity and a one-line hint.
import { parseDescription } from './description.js';
import type { ImageReplication, PeerReplication, Problem, ReplicationOptions, Severity, SiteRecord } from './types.js';

/** Options with every default applied. */
export type Opts = Required<ReplicationOptions>;

export function imageSpecOf(img: Pick<ImageReplication, 'pool' | 'namespace' | 'name'>): string {
  return img.namespace ? `${img.pool}/${img.namespace}/${img.name}` : `${img.pool}/${img.name}`;
}

export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? `${Math.floor((s % 3600) / 60)}m` : ''}`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600) ? `${Math.floor((s % 86400) / 3600)}h` : ''}`;
}

const problem = (code: Problem['code'], severity: Severity, message: string, hint: string, site?: string): Problem =>
  (site === undefined ? { code, severity, message, hint } : { code, severity, site, message, hint });

/** Problems a site's own record shows (split-brain, resync, error), for this site or a peer. */
function recordProblems(rec: SiteRecord, spec: string, site: string | undefined): Problem[] {
  if (!rec.present) return [];
  const where = site === undefined ? 'this site' : site;
  const on = site === undefined ? '' : ` on ${site}`;
  const kind = parseDescription(rec.description).kind;
  if (kind === 'split-brain') {
    return [problem('split-brain', 'critical', `split-brain on ${where}: both copies were written after a forced promotion`,
      `rbd mirror image resync ${spec}${on} discards that copy's writes and re-syncs it from the primary`, site)];
  }
  if (kind === 'resync-requested') {
    return [problem('resync-requested', 'warning', `resync requested on ${where}, not started yet`,
      `an rbd-mirror must run${on} to re-sync the image from the primary`, site)];
  }
  if (rec.state === 'error') {
    return [problem('error-state', 'critical', `error on ${where}: ${rec.description}`,
      `see the rbd-mirror log${on}; rbd mirror image resync ${spec}${on} re-syncs the copy`, site)];
  }
  return [];
}

function staleOrStuck(p: PeerReplication | undefined, rec: SiteRecord, o: Opts, site: string | undefined): Problem[] {
  if (!rec.up || rec.ageSeconds === undefined) return [];
  const where = site === undefined ? 'this site' : site;
  const pending = p !== undefined && (p.replayState === 'syncing' || p.replayState === 'bootstrapping' || (p.entriesBehind ?? 0) > 0);
  if (pending && !p!.bytesPerSecond && !p!.entriesPerSecond && rec.ageSeconds >= o.stuckSeconds) {
    return [problem('sync-stuck', 'critical', `sync to ${p!.replayer === 'local' ? 'this site' : where} has not progressed for ${formatSeconds(rec.ageSeconds)}`,
      `check the rbd-mirror log${p!.replayer === 'local' ? '' : ` on ${where}`} and its connection to the primary; restarting it resumes the sync`, site)];
  }
  if (!pending && rec.ageSeconds >= o.staleSeconds) {
    return [problem('peer-status-stale', 'warning', `status of ${where} not refreshed for ${formatSeconds(rec.ageSeconds)}`,
      `the rbd-mirror${site === undefined ? '' : ` on ${where}`} may be hung: check its log, restart it`, site)];
  }
  return [];
}

function lagProblem(p: PeerReplication, o: Opts): Problem[] {
  if (p.lagSeconds === undefined) return [];
  const over = p.lagSeconds > o.critLagSeconds ? 'critical' : p.lagSeconds > o.warnLagSeconds ? 'warning' : undefined;
  if (!over) return [];
  const limit = over === 'critical' ? o.critLagSeconds : o.warnLagSeconds;
  const to = p.replayer === 'local' ? 'this site' : p.siteName;
  return [problem('lag', over, `${to} is ${formatSeconds(p.lagSeconds)} behind the primary (over ${formatSeconds(limit)})`,
    p.daemonUp === false ? `start the rbd-mirror ${p.replayer === 'local' ? 'here' : `on ${p.siteName}`}` : 'replication is slower than the writes: check the link and the rbd-mirror log', p.siteName)];
}

function peerProblems(img: ImageReplication, p: PeerReplication, spec: string, o: Opts): Problem[] {
  const out: Problem[] = [];
  const site = p.siteName;
  if (img.role === 'primary' && p.peerPrimary) {
    out.push(problem('two-primaries', 'critical', `both this site and ${site} are primary (forced promotion while this site was primary)`,
      `keep one: rbd mirror image demote ${spec} on the other site, then rbd mirror image resync ${spec} there`, site));
  }
  out.push(...recordProblems(p.status, spec, site));
  if (p.replayer === 'peer') {
    if (!p.mirrorUuid || !p.status.present) {
      out.push(problem('daemon-absent', 'critical', `no rbd-mirror on ${site} reports this image`,
        `start rbd-mirror on ${site} (it pulls this image from here)`, site));
    } else if (!p.status.up) {
      out.push(problem('daemon-down', 'critical', `rbd-mirror on ${site} is down (last seen ${p.status.ageSeconds !== undefined ? `${formatSeconds(p.status.ageSeconds)} ago` : 'never'})`,
        `start rbd-mirror on ${site}: nothing replicates this image meanwhile`, site));
    }
  } else if (p.status.present && !p.status.up) {
    out.push(problem('daemon-down', 'warning', `rbd-mirror on ${site} is down`, `start rbd-mirror on ${site}`, site));
  }
  if (p.replayer === 'peer') out.push(...staleOrStuck(p, p.status, o, site));
  else if (p.status.present) out.push(...staleOrStuck(undefined, p.status, o, site));
  out.push(...lagProblem(p, o));
  return out;
}

function localProblems(img: ImageReplication, spec: string, o: Opts): Problem[] {
  const local = img.local;
  if (!local) return [];
  const out = recordProblems(local, spec, undefined);
  const replaysHere = img.peers.find((p) => p.replayer === 'local');
  if (img.role === 'non-primary' || img.role === 'orphan') {
    if (!local.present) {
      out.push(problem('daemon-absent', 'critical', 'no rbd-mirror on this site reports this image', 'start rbd-mirror on this site (it pulls this image)'));
    } else if (!local.up) {
      out.push(problem('daemon-down', 'critical', `rbd-mirror on this site is down (last seen ${local.ageSeconds !== undefined ? `${formatSeconds(local.ageSeconds)} ago` : 'never'})`,
        'start rbd-mirror on this site: nothing replicates this image meanwhile'));
    }
  }
  out.push(...staleOrStuck(replaysHere, local, o, undefined));
  return out;
}

function scheduleProblems(img: ImageReplication, spec: string, o: Opts): Problem[] {
  if (img.role !== 'primary' || img.mode !== 'snapshot') return [];
  const s = img.schedule;
  if (!s) {
    const age = img.lastMirrorSnapshot === undefined ? undefined : o.now - img.lastMirrorSnapshot;
    if (age !== undefined && age <= o.warnLagSeconds) return [];
    return [problem('no-schedule', 'warning',
      `no snapshot schedule and ${age === undefined ? 'no mirror snapshot' : `no mirror snapshot for ${formatSeconds(age)}`}: writes since then are not replicated`,
      `rbd mirror snapshot schedule add --pool ${img.pool}${img.namespace ? ` --namespace ${img.namespace}` : ''} --image ${img.name} <interval> (or rbd mirror image snapshot ${spec})`)];
  }
  if (s.overdue) {
    return [problem('schedule-overdue', 'warning',
      `no mirror snapshot for over two intervals of ${s.interval}${s.lastMirrorSnapshot === undefined ? '' : ` (last ${formatSeconds(o.now - s.lastMirrorSnapshot)} ago)`}`,
      s.executed ? 'check the rbd-mirror (local) or rbd_support mgr module (Ceph) log for failed snapshots'
        : 'nothing executes schedules on this cluster: start rbd-mirror here')];
  }
  return [];
}

const SEVERITY_RANK: Record<Severity, number> = { warning: 1, critical: 2 };

/** Problems worst first, in detection order within a severity. */
export function sortProblems(list: Problem[]): Problem[] {
  return list.map((p, i) => ({ p, i })).sort((a, b) => SEVERITY_RANK[b.p.severity] - SEVERITY_RANK[a.p.severity] || a.i - b.i).map((x) => x.p);
}

export function imageProblems(img: ImageReplication, opts: Opts): Problem[] {
  const spec = imageSpecOf(img);
  return sortProblems([
    ...localProblems(img, spec, opts),
    ...img.peers.flatMap((p) => peerProblems(img, p, spec, opts)),
    ...scheduleProblems(img, spec, opts),
  ]);
}
