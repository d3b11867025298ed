// Preflight of a failover from `source` to `target`: every check is run and reported (not just
// the first failure), per pool and per image, and decides each image's action.
import type { ImageRef, PeerSite, PoolRef } from '../../backends/types.js';
import { daemonHealth } from '../status-health.js';
import { formatElapsed as formatSeconds } from '../../rules/duration.js';
import { siteStateText } from '../../rules/site-state.js';
import { isSplitBrain, lagMs, viewImage } from './observe.js';
import type { FailoverBackend, Timing } from './ports.js';

export interface Check { name: string; ok: boolean; detail: string; /** true: a note, never a refusal */ note?: boolean }

/** failover: demote, await, promote; resume: the source is already demoted; none: already on the target. */
export type ImageAction = 'failover' | 'resume' | 'none' | 'refused';

export interface ImagePreflight { image: string; mode?: 'journal' | 'snapshot'; action: ImageAction; checks: Check[] }

export interface Preflight {
  ok: boolean;
  source: string;
  target: string;
  pool: PoolRef;
  checks: Check[];
  images: ImagePreflight[];
  /** The source has an rx peer for the target: it replays back after the failover. */
  sourceReplaysBack: boolean;
}

export interface PreflightOptions { maxLagMs?: number; timing: Timing }

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const pulls = (p: PeerSite) => p.direction === 'rx-only' || p.direction === 'rx-tx';

async function attempt<T>(fn: () => Promise<T>): Promise<{ value?: T; error?: string }> {
  try { return { value: await fn() }; } catch (e) { return { error: errText(e) }; }
}

/** The peer of `pool` on `be` that stands for the other cluster: same site name or mirror uuid. */
function peerFor(peers: readonly PeerSite[], siteName: string, mirrorUuid: string): PeerSite | undefined {
  return peers.find((p) => p.siteName === siteName || (mirrorUuid !== '' && p.mirrorUuid === mirrorUuid));
}

export async function preflight(source: FailoverBackend, target: FailoverBackend, pool: PoolRef, images: readonly string[] | 'all',
  opts: PreflightOptions): Promise<Preflight> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string, note = false) => { checks.push({ name, ok, detail, note }); return ok; };
  const result: Preflight = { ok: false, source: source.clusterName, target: target.clusterName, pool, checks, images: [], sourceReplaysBack: false };

  const [sId, tId] = await Promise.all([attempt(() => source.identity()), attempt(() => target.identity())]);
  add('source reachable', !sId.error, sId.error ? `${source.clusterName}: ${sId.error}` : source.clusterName);
  add('target reachable', !tId.error, tId.error ? `${target.clusterName}: ${tId.error}` : target.clusterName);
  if (sId.error || tId.error) return result;
  if (!add('two clusters', sId.value!.fsid !== tId.value!.fsid, sId.value!.fsid === tId.value!.fsid
    ? `${source.clusterName} and ${target.clusterName} are the same cluster` : 'distinct fsids')) return result;

  const pools = await Promise.all([source, target].map((be) => attempt(async () => {
    const mode = await be.getMirrorMode(pool);
    return { mode, poolId: await be.poolId(pool.pool), uuid: await be.getMirrorUuid(pool), site: await be.getSiteName(), peers: await be.listPeers(pool.pool) };
  })));
  const [sp, tp] = pools;
  for (const [be, p] of [[source, sp], [target, tp]] as const) {
    add(`pool mirroring on ${be.clusterName}`, !p!.error && p!.value!.mode !== 'disabled',
      p!.error ?? (p!.value!.mode === 'disabled' ? `mirroring not enabled on pool ${pool.pool}` : `mode ${p!.value!.mode}`));
  }
  if (sp!.error || tp!.error || sp!.value!.mode === 'disabled' || tp!.value!.mode === 'disabled') return result;
  const s = sp!.value!;
  const t = tp!.value!;
  const targetPeer = peerFor(t.peers, s.site, s.uuid);
  add('target pulls from source', !!targetPeer && pulls(targetPeer), !targetPeer
    ? `${target.clusterName} has no peer for ${source.clusterName} in pool ${pool.pool}`
    : pulls(targetPeer) ? `peer ${targetPeer.siteName} (${targetPeer.direction})` : `peer ${targetPeer.siteName} is ${targetPeer.direction}: ${target.clusterName} does not replay from it`);
  const sourcePeer = peerFor(s.peers, t.site, t.uuid);
  result.sourceReplaysBack = !!sourcePeer && pulls(sourcePeer);
  add('source replays back', true, result.sourceReplaysBack ? `peer ${sourcePeer!.siteName} (${sourcePeer!.direction})`
    : `${source.clusterName} has no rx peer for ${target.clusterName}: it will not replay back after the failover`, true);
  const daemons = daemonHealth(await target.mirrorDaemons(), t.poolId);
  const reporting = daemons.daemons.filter((d) => d.instanceId !== '');
  add('daemon for target', reporting.length > 0 && daemons.health !== 'ERROR', reporting.length > 0
    ? `rbd-mirror ${reporting.map((d) => d.serviceId).join(', ')} on ${target.clusterName} (health ${daemons.health})`
    : `no rbd-mirror daemon is running for ${target.clusterName} (pool ${pool.pool})`);

  const names = images === 'all' ? await imagesOf(source, target, pool) : images;
  if (names.length === 0) add('mirrored images', false, `no mirrored image in pool ${pool.pool}`);
  for (const image of names) result.images.push(await imagePreflight(source, target, { ...pool, image }, opts));
  result.ok = checks.every((c) => c.ok) && result.images.every((i) => i.action !== 'refused');
  return result;
}

async function imagesOf(source: FailoverBackend, target: FailoverBackend, pool: PoolRef): Promise<string[]> {
  const names = new Set<string>();
  for (const be of [source, target]) for (const s of await be.mirrorImageStatusList(pool)) if (s.info.state === 'enabled') names.add(s.name);
  return [...names].sort();
}

export async function imagePreflight(source: FailoverBackend, target: FailoverBackend, ref: ImageRef, opts: PreflightOptions): Promise<ImagePreflight> {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => { checks.push({ name, ok, detail }); return ok; };
  const out: ImagePreflight = { image: ref.image, action: 'refused', checks };
  const [sv, tv] = await Promise.all([viewImage(source, ref), viewImage(target, ref)]);
  if (!add('mirrored on source', !!sv.info, sv.info ? `${sv.info.mode}, ${sv.info.primary ? 'primary' : 'non-primary'}` : `${ref.image} is not mirrored on ${source.clusterName}`)) return out;
  if (!add('mirrored on target', !!tv.info && tv.info.globalId === sv.info!.globalId, !tv.info
    ? `${ref.image} does not exist on ${target.clusterName} (not replicated yet)`
    : tv.info.globalId === sv.info!.globalId ? `${tv.info.primary ? 'primary' : 'non-primary'}` : `${ref.image} on ${target.clusterName} is another image (global id ${tv.info.globalId})`)) return out;
  const si = sv.info!;
  const ti = tv.info!;
  out.mode = si.mode;
  if (!add('no two primaries', !(si.primary && ti.primary), si.primary && ti.primary
    ? `${ref.image} is primary on both ${source.clusterName} and ${target.clusterName} (a forced promotion): demote the stale copy, then mirror image resync it`
    : 'one primary at most')) return out;
  const split = [sv.local, tv.local].find(isSplitBrain);
  if (!add('no split-brain', !split, split ? `split-brain reported (${split.description}): demote the stale copy and run mirror image resync on it` : 'none reported')) return out;
  if (!si.primary && ti.primary) { out.action = 'none'; add('already on target', true, `${ref.image} is already primary on ${target.clusterName}`); return out; }
  if (!si.primary && !ti.primary) {
    out.action = 'resume';
    add('source demoted', true, `${ref.image} is already non-primary on ${source.clusterName}: only the promotion on ${target.clusterName} is left`);
    return out;
  }
  const rec = tv.local;
  const replaying = !!rec && rec.up && rec.state === 'replaying';
  add('replaying on target', replaying, rec ? `${siteStateText(rec)}${replaying ? '' : `: ${rec.description}`}` : 'no status record on the target');
  if (opts.maxLagMs !== undefined) {
    const lag = await lagMs(si.mode, source, target, tv, ref, opts.timing.now());
    add('lag', lag !== undefined && lag <= opts.maxLagMs, lag === undefined
      ? `lag of ${ref.image} unknown (the target reports no replay position)`
      : `lag ${formatSeconds(lag)} ${lag <= opts.maxLagMs ? '<=' : '>'} --max-lag ${formatSeconds(opts.maxLagMs)}`);
  }
  out.action = checks.every((c) => c.ok) ? 'failover' : 'refused';
  return out;
}

/** The first refusal, for the one `rbd:` line. */
export function refusal(p: Preflight): string | undefined {
  const pool = p.checks.find((c) => !c.ok);
  if (pool) return `${pool.name}: ${pool.detail}`;
  for (const i of p.images) {
    const c = i.checks.find((x) => !x.ok);
    if (c) return `${i.image}: ${c.name}: ${c.detail}`;
  }
  return undefined;
}
