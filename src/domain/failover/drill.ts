// `mirror pool drill`: a whole failover exercise per image, with measured figures. Fail over;
// RPO = bytes in which the new primary differs from the demoted old one, read right after the
// promotion (before either side changes); RTO = seconds from the
// start until the target took writes; write a probe through the new primary, wait until it is
// synced back, compare checksums on both sites, put the probed bytes back, fail back, and check
// both sites hold exactly the data they held before the drill.
import { randomBytes } from 'node:crypto';
import type { ImageRef, PoolRef } from '../../backends/types.js';
import { differingBytes, imageChecksum } from './data.js';
import { failoverImage, type ExecOptions } from './executor.js';
import type { FailoverBackend } from './ports.js';
import { preflight, refusal, type Check, type ImagePreflight, type Preflight } from './preflight.js';
import { mapLimit, type StepEvent } from './steps.js';
import { syncedCondition, waitUntil } from './wait.js';

export interface DrillImage {
  image: string;
  mode?: 'journal' | 'snapshot';
  ok: boolean;
  rpoBytes?: number;
  rtoSeconds?: number;
  failbackRtoSeconds?: number;
  checks: Check[];
  steps: StepEvent[];
}

export interface DrillReport { source: string; target: string; pool: PoolRef; ok: boolean; reason?: string; preflight: Preflight; images: DrillImage[] }

const PROBE = 4096;
const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const seconds = (ms: number) => Math.round(ms) / 1000;

export async function drillPool(source: FailoverBackend, target: FailoverBackend, pool: PoolRef, opts: ExecOptions & { maxLagMs?: number }): Promise<DrillReport> {
  const pf = await preflight(source, target, pool, 'all', { maxLagMs: opts.maxLagMs, timing: opts.timing });
  const report: DrillReport = { source: source.clusterName, target: target.clusterName, pool, ok: false, preflight: pf, images: [] };
  const notReady = pf.images.find((i) => i.action !== 'failover');
  if (!pf.ok || notReady) {
    report.reason = refusal(pf) ?? `${notReady!.image}: not primary on ${source.clusterName} (${notReady!.action}): a drill starts from a healthy primary`;
    return report;
  }
  if (!pf.sourceReplaysBack) {
    report.reason = `${source.clusterName} has no rx peer for ${target.clusterName}: the probe cannot replicate back`;
    return report;
  }
  report.images = await mapLimit(pf.images, opts.concurrency, (i) => drillImage(source, target, { ...pool, image: i.image }, i, opts));
  report.ok = report.images.every((i) => i.ok);
  if (!report.ok) report.reason = report.images.filter((i) => !i.ok).map((i) => `${i.image}: ${i.checks.find((c) => !c.ok)?.detail}`).join('; ');
  return report;
}

async function drillImage(source: FailoverBackend, target: FailoverBackend, ref: ImageRef, pf: ImagePreflight, opts: ExecOptions): Promise<DrillImage> {
  const out: DrillImage = { image: ref.image, mode: pf.mode, ok: false, checks: [], steps: [] };
  const check = (name: string, ok: boolean, detail: string) => { out.checks.push({ name, ok, detail }); return ok; };
  try {
    const before = await imageChecksum(source, ref);
    let rpo: number | undefined;
    const there = await failoverImage(source, target, ref, 'failover', pf.mode, true, {
      ...opts, onPromoted: async () => { rpo = await differingBytes(source, target, ref); },
    });
    out.steps.push(...there.steps);
    if (!check('failover', there.ok, there.ok ? `${target.clusterName} primary, ${source.clusterName} replaying back` : `${there.error} (final: ${source.clusterName} ${there.final.source}, ${target.clusterName} ${there.final.target})`)) return out;
    out.rtoSeconds = seconds(there.rtoMs!);
    out.rpoBytes = rpo!;
    check('no data lost', out.rpoBytes === 0, `${out.rpoBytes} bytes of ${source.clusterName}'s data missing on ${target.clusterName} at promotion`);

    const { size } = await target.imageInfo(ref);
    const offset = Math.max(0, size - PROBE);
    const original = await target.readImage(ref, offset, size - offset);
    const probe = randomBytes(original.length);
    await target.writeImage(ref, [{ offset, data: probe }]);
    const synced = await syncedCondition(target, source, ref, { snapshot: pf.mode === 'snapshot', timing: opts.timing });
    const { elapsedMs } = await waitUntil(synced, { timeoutMs: opts.timeoutMs, timing: opts.timing, what: `the probe of ${ref.image} to reach ${source.clusterName}` });
    const [ct, cs] = await Promise.all([imageChecksum(target, ref), imageChecksum(source, ref)]);
    check('probe replicated back', ct === cs, ct === cs ? `checksums equal on both sites after ${seconds(elapsedMs)}s (sha256 ${ct.slice(0, 12)})`
      : `checksums differ: ${target.clusterName} ${ct.slice(0, 12)}, ${source.clusterName} ${cs.slice(0, 12)}`);
    await target.writeImage(ref, [{ offset, data: original }]);

    const back = await failoverImage(target, source, ref, 'failover', pf.mode, true, opts);
    out.steps.push(...back.steps);
    if (!check('failback', back.ok, back.ok ? `${source.clusterName} primary again, ${target.clusterName} replaying` : `${back.error} (final: ${target.clusterName} ${back.final.source}, ${source.clusterName} ${back.final.target})`)) return out;
    out.failbackRtoSeconds = seconds(back.rtoMs!);
    const [after, afterTarget] = await Promise.all([imageChecksum(source, ref), imageChecksum(target, ref)]);
    check('data as before the drill', after === before && afterTarget === before, after === before && afterTarget === before
      ? `both sites hold the data of before the drill (sha256 ${before.slice(0, 12)})`
      : `before ${before.slice(0, 12)}, now ${source.clusterName} ${after.slice(0, 12)}, ${target.clusterName} ${afterTarget.slice(0, 12)}`);
  } catch (e) {
    check('drill', false, errText(e));
  }
  out.ok = out.checks.every((c) => c.ok);
  return out;
}
