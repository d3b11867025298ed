// Pure rules of `mirror pool status` / `mirror image status`: which site statuses an image is
// expected to have, the state it counts as in the pool summary, and the health values
// (tools/rbd/Utils.cc populate_unknown_mirror_image_site_statuses, MirrorPool.cc
// get_mirror_image_status, MirrorDaemonServiceInfo.cc get_mirror_service_status).
import type { Health, MirrorDaemon, PeerSite, SiteState, SiteStatus } from '../backends/types.js';
import { SITE_STATES } from '../backends/types.js';

const HEALTH_ORDER: readonly Health[] = ['OK', 'UNKNOWN', 'WARNING', 'ERROR'];

export function maxHealth(...values: Health[]): Health {
  let best = 0;
  for (const v of values) best = Math.max(best, HEALTH_ORDER.indexOf(v));
  return HEALTH_ORDER[best]!;
}

export const STATUS_NOT_FOUND = 'status not found';

/**
 * The site statuses rbd shows for an image: the local site (unless every peer is tx-only) and
 * every non-tx peer whose mirror uuid is known; a missing one becomes `down+unknown` /
 * `status not found`. Records of other sites (tx-only peers, unknown uuids) are dropped.
 * Order: present records in their given order, then the synthesized ones by mirror uuid.
 */
export function expectedSites(sites: readonly SiteStatus[], peers: readonly PeerSite[]): SiteStatus[] {
  const missing = new Set<string>();
  let allTx = peers.length > 0;
  for (const p of peers) {
    if (p.direction !== 'tx-only') {
      allTx = false;
      if (p.mirrorUuid !== '') missing.add(p.mirrorUuid);
    }
  }
  if (!allTx) missing.add('');
  const out: SiteStatus[] = [];
  for (const s of sites) {
    if (missing.delete(s.mirrorUuid)) out.push(s);
  }
  for (const uuid of [...missing].sort()) {
    out.push({ mirrorUuid: uuid, state: 'unknown', description: STATUS_NOT_FOUND, lastUpdate: 0, up: false });
  }
  return out;
}

const stateOf = (s: SiteStatus): SiteState => (s.up ? s.state : 'unknown');
const severity = (st: SiteState): number => (st === 'error' ? 2 : st === 'replaying' || st === 'stopped' ? 0 : 1);

/**
 * The state an image counts as in the pool summary, from its expected sites: a down record
 * counts as `unknown`. The local state normally decides; when the local copy is primary
 * (`stopped`: nothing to replay here) the replication health lives with the peers, so the worst
 * peer state counts instead — which is why a healthy primary site reports `replaying` as in the
 * recorded Pacific runs. Without a local site (all peers tx-only), or while the local copy has
 * no status record of its own yet (just re-synced), the worst peer state counts.
 */
export function summaryState(expected: readonly SiteStatus[]): SiteState {
  let local: SiteStatus | undefined;
  let worstPeer: SiteState | undefined;
  for (const s of expected) {
    if (s.mirrorUuid === '') local = s;
    else if (worstPeer === undefined || severity(stateOf(s)) > severity(worstPeer)) worstPeer = stateOf(s);
  }
  if (!local) return worstPeer ?? 'unknown';
  const own = stateOf(local);
  const noRecord = local.lastUpdate === 0 && local.description === STATUS_NOT_FOUND;
  return (own === 'stopped' || noRecord) && worstPeer !== undefined ? worstPeer : own;
}

/** Per-state image counts in rbd's order (numeric state value), zero counts left out. */
export function countStates(states: Iterable<SiteState>): [SiteState, number][] {
  const counts = new Map<SiteState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return SITE_STATES.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

/** OK when every image replays or is stopped (or there are none); any `error` → ERROR;
 *  anything else → WARNING. */
export function imageHealth(counts: readonly [SiteState, number][]): Health {
  let h: Health = 'OK';
  for (const [state] of counts) {
    if (state === 'error') return 'ERROR';
    if (state !== 'replaying' && state !== 'stopped') h = 'WARNING';
  }
  return h;
}

export interface DaemonView {
  serviceId: string;
  /** '' when the daemon does not report this pool. */
  instanceId: string;
  clientId: string;
  hostname: string;
  version: string;
  leader: boolean;
  health: Health;
  callouts: string[];
}

/**
 * Health of the rbd-mirror daemons for one pool: no daemon at all → UNKNOWN; none reports the
 * pool → ERROR; none is its leader → WARNING; combined with every daemon's own health (callout
 * levels, or WARNING `not reporting status for pool`). Daemons ordered by service id as text.
 */
export function daemonHealth(daemons: readonly MirrorDaemon[], poolId: number): { health: Health; daemons: DaemonView[] } {
  if (daemons.length === 0) return { health: 'UNKNOWN', daemons: [] };
  let foundPool = false;
  let foundLeader = false;
  const views = [...daemons].sort((a, b) => (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0)).map((d) => {
    const base = { serviceId: d.serviceId, clientId: d.clientId, hostname: d.hostname, version: d.version };
    const pool = d.pools[String(poolId)];
    if (!pool) {
      return { ...base, instanceId: '', leader: false, health: 'WARNING' as Health, callouts: ['not reporting status for pool'] };
    }
    foundPool = true;
    if (pool.leader) foundLeader = true;
    let health: Health = 'OK';
    for (const c of pool.callouts ?? []) health = maxHealth(health, c.level === 'error' ? 'ERROR' : c.level === 'warning' ? 'WARNING' : 'OK');
    return { ...base, instanceId: pool.instanceId ?? d.instanceId, leader: !!pool.leader, health, callouts: (pool.callouts ?? []).map((c) => c.text) };
  });
  const overall: Health = !foundPool ? 'ERROR' : !foundLeader ? 'WARNING' : 'OK';
  return { health: maxHealth(overall, ...views.map((v) => v.health)), daemons: views };
}
