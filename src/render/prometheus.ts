// `--format prometheus` of `mirror pool|image health` (rbdm addition): the text exposition format
// 0.0.4, ready for node_exporter's textfile collector. Every metric is a gauge, grouped with its
// HELP and TYPE lines; names match [a-zA-Z_:][a-zA-Z0-9_:]*, label values are escaped.
import type { HealthReport } from '../domain/replication/health.js';
import { HEALTH_EXIT, healthOf } from '../rules/health.js';
import { SITE_STATES } from '../backends/types.js';
import type { ImageReplication, PoolReplication, Problem } from '../domain/replication/types.js';

type Labels = Record<string, string>;

const METRICS: Record<string, string> = {
  rbdm_mirror_health: 'Overall mirroring health: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (monitoring-plugin codes)',
  rbdm_mirror_pool_daemons: 'rbd-mirror daemons of this cluster reporting the pool',
  rbdm_mirror_pool_problems: 'Pool-wide problems (no daemon, schedules not executed) by severity',
  rbdm_mirror_image_health: 'Image health: 0 OK, 1 WARNING, 2 CRITICAL',
  rbdm_mirror_image_role: 'Image role on this site (1 for the current role)',
  rbdm_mirror_image_problems: 'Problems of the image by severity',
  rbdm_mirror_image_problem: 'One series per current problem of the image (value 1)',
  rbdm_mirror_image_peer_state: 'Status state of the peer site record (1 for the current state)',
  rbdm_mirror_image_peer_up: 'The peer site status record is up (its daemon is alive)',
  rbdm_mirror_daemon_up: 'The daemon that replays the image between this site and the peer is up',
  rbdm_mirror_image_status_age_seconds: 'Seconds since the peer site last refreshed its status',
  rbdm_mirror_image_lag_seconds: 'Seconds the non-primary copy is behind the primary',
  rbdm_mirror_image_last_sync_timestamp_seconds: 'Unix time the non-primary copy is synced as of',
  rbdm_mirror_image_last_sync_bytes: 'Bytes copied by the last snapshot sync',
  rbdm_mirror_image_last_sync_duration_seconds: 'Seconds the last snapshot sync took',
  rbdm_mirror_image_entries_behind: 'Journal entries the non-primary copy is behind',
  rbdm_mirror_image_bytes_behind: 'Bytes the non-primary copy lacks, where measurable',
  rbdm_mirror_image_replay_bytes_per_second: 'Current replay rate in bytes per second',
  rbdm_mirror_image_eta_seconds: 'Estimated seconds until the copy is synced',
};

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (l: Labels) => `{${Object.entries(l).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;

class Exposition {
  private readonly samples = new Map<string, string[]>();

  add(name: keyof typeof METRICS & string, labels: Labels, value: number | boolean | undefined): void {
    if (value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return;
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    list.push(`${name}${labelText(labels)} ${v}`);
  }

  text(): string {
    const out: string[] = [];
    for (const [name, lines] of this.samples) out.push(`# HELP ${name} ${METRICS[name]}`, `# TYPE ${name} gauge`, ...lines);
    return out.join('\n') + '\n';
  }
}

const bySeverity = (problems: readonly Problem[], severity: Problem['severity']) => problems.filter((p) => p.severity === severity).length;

function image(x: Exposition, base: Labels, img: ImageReplication): void {
  const l = { ...base, image: img.name };
  x.add('rbdm_mirror_image_health', l, HEALTH_EXIT[healthOf(img.problems)]);
  for (const role of ['primary', 'non-primary', 'orphan', 'unknown'] as const) x.add('rbdm_mirror_image_role', { ...l, role }, img.role === role);
  for (const severity of ['warning', 'critical'] as const) x.add('rbdm_mirror_image_problems', { ...l, severity }, bySeverity(img.problems, severity));
  for (const p of img.problems) x.add('rbdm_mirror_image_problem', { ...l, code: p.code, severity: p.severity, peer_site: p.site ?? '' }, 1);
  for (const p of img.peers) {
    const pl = { ...l, peer_site: p.siteName };
    for (const state of SITE_STATES) x.add('rbdm_mirror_image_peer_state', { ...pl, state }, p.status.state === state);
    x.add('rbdm_mirror_image_peer_up', pl, p.status.up);
    x.add('rbdm_mirror_daemon_up', pl, p.daemonUp);
    x.add('rbdm_mirror_image_status_age_seconds', pl, p.status.ageSeconds);
    x.add('rbdm_mirror_image_lag_seconds', pl, p.lagSeconds);
    x.add('rbdm_mirror_image_last_sync_timestamp_seconds', pl, p.lastSync?.time);
    x.add('rbdm_mirror_image_last_sync_bytes', pl, p.lastSync?.bytes);
    x.add('rbdm_mirror_image_last_sync_duration_seconds', pl, p.lastSync?.durationSeconds);
    x.add('rbdm_mirror_image_entries_behind', pl, p.entriesBehind);
    x.add('rbdm_mirror_image_bytes_behind', pl, p.bytesBehind);
    x.add('rbdm_mirror_image_replay_bytes_per_second', pl, p.bytesPerSecond);
    x.add('rbdm_mirror_image_eta_seconds', pl, p.etaSeconds);
  }
}

function pool(x: Exposition, cluster: string, p: PoolReplication): void {
  const l = { cluster, pool: p.pool, namespace: p.namespace };
  x.add('rbdm_mirror_pool_daemons', l, p.daemons.length);
  for (const severity of ['warning', 'critical'] as const) x.add('rbdm_mirror_pool_problems', { ...l, severity }, bySeverity(p.problems, severity));
  for (const img of p.images) image(x, l, img);
}

export function prometheusText(r: HealthReport, cluster: string): string {
  const x = new Exposition();
  x.add('rbdm_mirror_health', { cluster }, HEALTH_EXIT[r.status]);
  for (const p of r.pools) pool(x, cluster, p);
  return x.text();
}
