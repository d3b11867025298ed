// Health in the monitoring-plugin convention (Nagios/Icinga) and how health reports name things:
// pure functions shared by the replication domain and its renderers.

export type HealthStatus = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
export const HEALTH_EXIT: Record<HealthStatus, number> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

export function healthOf(problems: readonly { severity: string }[]): HealthStatus {
  if (problems.some((p) => p.severity === 'critical')) return 'CRITICAL';
  return problems.length > 0 ? 'WARNING' : 'OK';
}

/** A name as messages show it: quoted when it holds control characters (a newline in a site
 *  name must not forge a line of output). */
export function shownName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\x00-\x1f\x7f]/.test(name) ? JSON.stringify(name) : name;
}

export function imageSpecOf(img: { pool: string; namespace: string; name: string }): string {
  return shownName(img.namespace ? `${img.pool}/${img.namespace}/${img.name}` : `${img.pool}/${img.name}`);
}

export function formatSeconds(total: number): string {
  const s = Math.max(0, Math.round(total));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? `${Math.floor((s % 3600) / 60)}m` : ''}`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600) ? `${Math.floor((s % 86400) / 3600)}h` : ''}`;
}
