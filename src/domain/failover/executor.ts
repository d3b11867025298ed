// Runs a planned failover image by image: demote on the source, wait until the target has the
// demotion, promote the target, prove it writable, verify both sides. A failure after the
// demotion rolls back (re-promotes the source) unless the target already became primary; the
// outcome always names the final state of both copies.
import type { ImageMirrorMode, ImageRef, PoolRef } from '../../backends/types.js';
import { Errno, isRbdError, RbdError } from '../../errors.js';
import { formatElapsed as formatSeconds } from '../../rules/duration.js';
import { siteStateText } from '../../rules/site-state.js';
import { viewImage } from './observe.js';
import type { FailoverBackend, Timing } from './ports.js';
import type { ImageAction, Preflight } from './preflight.js';
import { imageSpec, mapLimit, runStep, type StepEvent, type StepSink } from './steps.js';
import { demotedCondition, waitUntil, type Condition } from './wait.js';

export interface FinalState { source: string; target: string }

export interface ImageOutcome {
  image: string;
  mode?: ImageMirrorMode;
  action: ImageAction | 'forced';
  ok: boolean;
  steps: StepEvent[];
  /** ms from the start of this image's failover until the target took a write-path call. */
  rtoMs?: number;
  rolledBack: boolean;
  final: FinalState;
  error?: string;
  /** errno of the failure, for the exit status. */
  errno?: number;
  /** Forced failover: what to run on the old primary when it returns. */
  recovery?: string[];
}

export interface ExecOptions {
  timeoutMs: number;
  timing: Timing;
  concurrency: number;
  onStep?: StepSink;
  /** Runs right after the promotion, before anything is written or replayed back (the drill
   *  measures the RPO there). */
  onPromoted?(ref: ImageRef): Promise<void>;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function finalState(be: FailoverBackend, ref: ImageRef): Promise<string> {
  try {
    const v = await viewImage(be, ref);
    if (!v.info) return 'absent';
    const rec = v.local ? `, ${siteStateText(v.local)}` : '';
    return `${v.info.primary ? 'primary' : 'non-primary'}${rec}`;
  } catch (e) {
    return `unknown (${errText(e)})`;
  }
}

/** Not there yet: the demotion has not arrived (EBUSY), or the target's rbd-mirror still holds
 *  the image's exclusive lock while it finishes the demoted snapshot (EROFS, seen on Ceph). */
const notYet = (e: unknown) => isRbdError(e, Errno.EBUSY) || isRbdError(e, Errno.EROFS);

/** Promote the target once it has the demotion. Journal mode asks librbd itself (a promote that
 *  answers EBUSY is not there yet), since the replayer's status lags the tag it replayed. */
async function awaitAndPromote(target: FailoverBackend, ref: ImageRef, mode: ImageMirrorMode | undefined,
  deadline: number, timing: Timing): Promise<'promoted' | 'ready'> {
  const demoted = demotedCondition(target, ref);
  let promoted = false;
  const cond: Condition = async () => {
    const r = await demoted();
    if (r.reached || mode !== 'journal') return r;
    try {
      await target.mirrorImagePromote(ref, false);
      promoted = true;
      return { reached: true, missing: '' };
    } catch (e) {
      if (notYet(e)) return r;
      throw e;
    }
  };
  await waitUntil(cond, { timeoutMs: Math.max(0, deadline - timing.now()), timing, what: `the demotion of ${imageSpec(ref)} to reach ${target.clusterName}` });
  return promoted ? 'promoted' : 'ready';
}

async function promoteRetryingBusy(target: FailoverBackend, ref: ImageRef, deadline: number, timing: Timing): Promise<void> {
  for (;;) {
    try {
      await target.mirrorImagePromote(ref, false);
      return;
    } catch (e) {
      if (!notYet(e) || timing.now() >= deadline) throw e;
      await timing.sleep(timing.pollMs);
    }
  }
}

async function verify(source: FailoverBackend, target: FailoverBackend, ref: ImageRef, replaysBack: boolean,
  deadline: number, timing: Timing): Promise<string> {
  const t = await viewImage(target, ref);
  if (!t.info?.primary) throw new RbdError(Errno.EIO, `${imageSpec(ref)} is not primary on ${target.clusterName} after the promotion`);
  const s = await viewImage(source, ref);
  if (s.info?.primary) throw new RbdError(Errno.EIO, `${imageSpec(ref)} is still primary on ${source.clusterName}`);
  if (!replaysBack) return `${target.clusterName} primary and writable; ${source.clusterName} non-primary (no rx peer there: it does not replay back)`;
  await waitUntil(async () => {
    const v = await viewImage(source, ref);
    const rec = v.local;
    const ok = !!rec && rec.up && rec.state === 'replaying';
    return { reached: ok, missing: `${source.clusterName} is not replaying ${imageSpec(ref)} back (${rec ? `${siteStateText(rec)}: ${rec.description}` : 'no status'})` };
  }, { timeoutMs: Math.max(0, deadline - timing.now()), timing, what: `${source.clusterName} to replay ${imageSpec(ref)} back` });
  return `${target.clusterName} primary and writable; ${source.clusterName} non-primary and replaying back`;
}

export async function failoverImage(source: FailoverBackend, target: FailoverBackend, ref: ImageRef, action: ImageAction,
  mode: ImageMirrorMode | undefined, replaysBack: boolean, opts: ExecOptions): Promise<ImageOutcome> {
  const { timing } = opts;
  const sink = opts.onStep ?? (() => undefined);
  const steps: StepEvent[] = [];
  const out: ImageOutcome = { image: ref.image, mode, action, ok: false, steps, rolledBack: false, final: { source: '', target: '' } };
  const step = <T>(name: StepEvent['step'], fn: () => Promise<T>, detail: (v: T) => string) =>
    runStep(ref.image, name, sink, timing.now, fn, detail, steps);
  const start = timing.now();
  const deadline = start + opts.timeoutMs;
  let promoted = false;
  try {
    if (action === 'none') {
      out.ok = true;
    } else {
      if (action === 'failover') await step('demote', () => source.mirrorImageDemote(ref), () => `demoted on ${source.clusterName}`);
      const got = await step('await-demotion', () => awaitAndPromote(target, ref, mode, deadline, timing), () => `demotion on ${target.clusterName}`);
      await step('promote', () => (got === 'promoted' ? Promise.resolve() : promoteRetryingBusy(target, ref, deadline, timing)), () => `promoted on ${target.clusterName}`);
      promoted = true;
      // the hook's own time (the drill reading both copies) is not part of the recovery time
      const hookStart = timing.now();
      await opts.onPromoted?.(ref);
      const hookMs = timing.now() - hookStart;
      await step('writable', () => target.flushImage(ref), () => `${target.clusterName} takes writes`);
      out.rtoMs = timing.now() - start - hookMs;
      await step('verify', () => verify(source, target, ref, replaysBack, deadline, timing), (v) => v);
      out.ok = true;
    }
  } catch (e) {
    out.error = errText(e);
    out.errno = isRbdError(e) ? e.errno : Errno.EIO;
    if (!promoted && action !== 'none') await rollBack(source, target, ref, out, step);
  }
  const [s, t] = await Promise.all([finalState(source, ref), finalState(target, ref)]);
  out.final = { source: s, target: t };
  return out;
}

/** Re-promote the source when the target did not become primary; say so when that fails too. */
async function rollBack(source: FailoverBackend, target: FailoverBackend, ref: ImageRef, out: ImageOutcome,
  step: <T>(name: StepEvent['step'], fn: () => Promise<T>, detail: (v: T) => string) => Promise<T>): Promise<void> {
  const targetPrimary = await viewImage(target, ref).then((v) => !!v.info?.primary, () => false);
  if (targetPrimary) return;
  const sourcePrimary = await viewImage(source, ref).then((v) => !!v.info?.primary, () => false);
  if (sourcePrimary) return; // nothing was demoted
  try {
    await step('rollback', () => source.mirrorImagePromote(ref, false), () => `re-promoted on ${source.clusterName}`);
    out.rolledBack = true;
  } catch (e) {
    out.error += `; rollback failed, ${imageSpec(ref)} has NO primary: run rbd --cluster ${source.clusterName} mirror image promote ${imageSpec(ref)} (${errText(e)})`;
  }
}

/** The recovery the seed describes after a forced promotion, for the old primary. */
export function recoverySteps(source: string, ref: ImageRef): string[] {
  const spec = imageSpec(ref);
  return [
    `when ${source} is back: rbd --cluster ${source} mirror image demote ${spec}`,
    `then: rbd --cluster ${source} mirror image resync ${spec}`,
    `then watch: rbd --cluster ${source} mirror image health ${spec} (until OK: up+replaying, no split-brain)`,
  ];
}

/** Disaster: the source is unreachable, promote the target with --force. */
export async function forceFailoverImage(sourceName: string, target: FailoverBackend, ref: ImageRef, opts: ExecOptions): Promise<ImageOutcome> {
  const { timing } = opts;
  const steps: StepEvent[] = [];
  const out: ImageOutcome = { image: ref.image, action: 'forced', ok: false, steps, rolledBack: false, final: { source: 'unreachable', target: '' } };
  const step = <T>(name: StepEvent['step'], fn: () => Promise<T>, detail: (v: T) => string) =>
    runStep(ref.image, name, opts.onStep ?? (() => undefined), timing.now, fn, detail, steps);
  const start = timing.now();
  try {
    const v = await viewImage(target, ref);
    if (!v.info) throw new RbdError(Errno.ENOENT, `${imageSpec(ref)} is not mirrored on ${target.clusterName}`);
    out.mode = v.info.mode;
    if (v.info.primary) {
      out.action = 'none';
    } else {
      await step('forced-promote', () => target.mirrorImagePromote(ref, true), () => `force-promoted on ${target.clusterName}`);
      await step('writable', () => target.flushImage(ref), () => `${target.clusterName} takes writes`);
      out.rtoMs = timing.now() - start;
    }
    out.recovery = recoverySteps(sourceName, ref);
    out.ok = true;
  } catch (e) {
    out.error = errText(e);
    out.errno = isRbdError(e) ? e.errno : Errno.EIO;
  }
  out.final.target = await finalState(target, ref);
  return out;
}

export interface FailoverReport {
  source: string;
  target: string;
  pool: PoolRef;
  dryRun: boolean;
  forced: boolean;
  ok: boolean;
  preflight?: Preflight;
  /** Why the failover was refused or failed, one line. */
  reason?: string;
  images: ImageOutcome[];
  /** Forced dry run: the images that would be force-promoted. */
  forcePlan?: string[];
}

export async function executePlanned(source: FailoverBackend, target: FailoverBackend, pf: Preflight, opts: ExecOptions): Promise<ImageOutcome[]> {
  return mapLimit(pf.images, opts.concurrency, (i) =>
    failoverImage(source, target, { ...pf.pool, image: i.image }, i.action, i.mode, pf.sourceReplaysBack, opts));
}

export const describeOutcome = (o: ImageOutcome): string =>
  o.ok ? (o.action === 'none' ? 'already on the target' : `done${o.rtoMs !== undefined ? ` (writable after ${formatSeconds(o.rtoMs)})` : ''}`)
    : `FAILED: ${o.error}${o.rolledBack ? ' (rolled back)' : ''}`;
