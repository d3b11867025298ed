// Failover, drill and wait output (rbdm additions): step lines as they run, the preflight, the
// final state of every image, and JSON for CI (snake_case keys, plain objects).
import type { DrillReport } from '../domain/failover/drill.js';
import { formatElapsed as formatSeconds } from '../rules/duration.js';
import type { FailoverReport, ImageOutcome } from '../domain/failover/executor.js';
import type { Check, Preflight } from '../domain/failover/preflight.js';
import type { StepEvent } from '../domain/failover/steps.js';
import type { CheckResult } from '../domain/failover/wait.js';
import type { Plain } from './xml.js';

const mark = (c: { ok: boolean; note?: boolean }) => (c.ok ? (c.note ? 'note' : 'ok') : 'FAIL');
const checkLine = (c: Check, indent: string) => `${indent}[${mark(c)}] ${c.name}: ${c.detail}`;

export function stepLine(e: StepEvent): string {
  return `${e.image}: ${e.step} ${e.ok ? 'ok' : 'FAILED'} (${formatSeconds(e.elapsedMs)}): ${e.detail}`;
}

export function preflightText(p: Preflight): string {
  const lines = [`preflight ${p.source} -> ${p.target}, pool ${p.pool.pool}${p.pool.namespace ? `/${p.pool.namespace}` : ''}: ${p.ok ? 'ok' : 'REFUSED'}`];
  for (const c of p.checks) lines.push(checkLine(c, '  '));
  for (const i of p.images) {
    lines.push(`  ${i.image}${i.mode ? ` (${i.mode})` : ''}: ${i.action}`);
    for (const c of i.checks) lines.push(checkLine(c, '    '));
  }
  return lines.join('\n') + '\n';
}

/** The plan a dry run prints: exactly the calls a real run makes, in order. */
export function planText(r: FailoverReport): string {
  if (r.forcePlan) return r.forcePlan.map((i) => `plan ${i}: force-promote on ${r.target}, then verify it takes writes\n`).join('');
  const lines: string[] = [];
  for (const i of r.preflight?.images ?? []) {
    const steps = i.action === 'failover' ? [`demote on ${r.source}`, `wait for the demotion on ${r.target}`, `promote on ${r.target}`, 'verify']
      : i.action === 'resume' ? [`wait for the demotion on ${r.target}`, `promote on ${r.target}`, 'verify']
        : i.action === 'none' ? ['nothing to do'] : ['refused'];
    lines.push(`plan ${i.image}: ${steps.join(', ')}`);
  }
  return lines.map((l) => l + '\n').join('');
}

function outcomeLines(o: ImageOutcome, r: FailoverReport): string[] {
  const state = `${r.source}: ${o.final.source}; ${r.target}: ${o.final.target}`;
  const head = o.ok
    ? `${o.image}: ${o.action === 'none' ? 'already on the target' : 'done'}${o.rtoMs !== undefined ? `, writable after ${formatSeconds(o.rtoMs)}` : ''} (${state})`
    : `${o.image}: FAILED${o.rolledBack ? ', rolled back' : ''}: ${o.error} (${state})`;
  return [head, ...(o.recovery ?? []).map((s) => `  recovery: ${s}`)];
}

export function failoverSummary(r: FailoverReport): string {
  const lines = r.images.flatMap((o) => outcomeLines(o, r));
  if (r.forced) lines.unshift(`forced failover: ${r.reason}`);
  return lines.map((l) => l + '\n').join('');
}

const checkJson = (c: Check): Plain => ({ name: c.name, ok: c.ok, detail: c.detail, ...(c.note ? { note: true } : {}) });

function preflightJson(p: Preflight): Plain {
  return {
    ok: p.ok, checks: p.checks.map(checkJson),
    images: p.images.map((i) => ({ image: i.image, mode: i.mode ?? null, action: i.action, checks: i.checks.map(checkJson) })),
  };
}

const stepJson = (e: StepEvent): Plain => ({ image: e.image, step: e.step, ok: e.ok, detail: e.detail, seconds: e.elapsedMs / 1000 });

export function failoverJson(r: FailoverReport): Plain {
  return {
    source: r.source, target: r.target, pool: r.pool.pool, namespace: r.pool.namespace, dry_run: r.dryRun, forced: r.forced, ok: r.ok,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.preflight ? { preflight: preflightJson(r.preflight) } : {}),
    ...(r.forcePlan ? { force_plan: r.forcePlan } : {}),
    images: r.images.map((o) => ({
      image: o.image, mode: o.mode ?? null, action: o.action, ok: o.ok, rolled_back: o.rolledBack,
      rto_seconds: o.rtoMs === undefined ? null : o.rtoMs / 1000, error: o.error ?? null,
      final_state: { [r.source]: o.final.source, [r.target]: o.final.target },
      steps: o.steps.map(stepJson), ...(o.recovery ? { recovery: o.recovery } : {}),
    })),
  };
}

export function drillText(r: DrillReport): string {
  const lines = [`drill ${r.source} -> ${r.target} -> ${r.source}, pool ${r.pool.pool}: ${r.ok ? 'PASSED' : 'FAILED'}`];
  if (!r.images.length) lines.push(preflightText(r.preflight).trimEnd());
  for (const i of r.images) {
    lines.push(`  ${i.image} (${i.mode}): ${i.ok ? 'ok' : 'FAILED'}  RPO ${i.rpoBytes ?? '?'} bytes  RTO ${i.rtoSeconds ?? '?'}s  failback RTO ${i.failbackRtoSeconds ?? '?'}s`);
    for (const c of i.checks) lines.push(checkLine(c, '    '));
  }
  return lines.join('\n') + '\n';
}

export function drillJson(r: DrillReport): Plain {
  return {
    source: r.source, target: r.target, pool: r.pool.pool, namespace: r.pool.namespace, ok: r.ok,
    ...(r.reason ? { reason: r.reason } : {}),
    preflight: preflightJson(r.preflight),
    images: r.images.map((i) => ({
      image: i.image, mode: i.mode ?? null, ok: i.ok, rpo_bytes: i.rpoBytes ?? null, rto_seconds: i.rtoSeconds ?? null,
      failback_rto_seconds: i.failbackRtoSeconds ?? null, checks: i.checks.map(checkJson), steps: i.steps.map(stepJson),
    })),
  };
}

/** One progress line of a wait (stderr, terminal only). */
export function waitProgressText(what: string, r: CheckResult, elapsedMs: number): string {
  const p = r.progress;
  const parts = [`waiting for ${what}: ${formatSeconds(elapsedMs)}`];
  if (p?.percent !== undefined) parts.push(`${p.percent}%`);
  if (p?.entriesBehind !== undefined) parts.push(`${p.entriesBehind} entries behind`);
  if (p?.bytesPerSecond !== undefined) parts.push(`${(p.bytesPerSecond / 1048576).toFixed(1)} MiB/s`);
  if (p?.etaSeconds !== undefined) parts.push(`ETA ${p.etaSeconds}s`);
  return parts.join(', ');
}
