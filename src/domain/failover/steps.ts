// The record of a failover as it runs: each step with its outcome and time, sent to the caller
// as it completes (the command prints it), and the final state of every image.
import type { ImageRef } from '../../backends/types.js';

export type StepName = 'demote' | 'await-demotion' | 'promote' | 'forced-promote' | 'writable' | 'verify' | 'rollback';

export interface StepEvent { image: string; step: StepName; ok: boolean; detail: string; elapsedMs: number }
export type StepSink = (e: StepEvent) => void;

export const imageSpec = (ref: ImageRef): string => [ref.pool, ref.namespace, ref.image].filter((p) => p !== '').join('/');

/** Runs `fn` as one named step: timed, reported, rethrown on failure. */
export async function runStep<T>(image: string, step: StepName, sink: StepSink, now: () => number,
  fn: () => Promise<T>, detail: (v: T) => string, log: StepEvent[]): Promise<T> {
  const t = now();
  try {
    const v = await fn();
    const e = { image, step, ok: true, detail: detail(v), elapsedMs: now() - t };
    log.push(e);
    sink(e);
    return v;
  } catch (err) {
    const e = { image, step, ok: false, detail: err instanceof Error ? err.message : String(err), elapsedMs: now() - t };
    log.push(e);
    sink(e);
    throw err;
  }
}

/** At most `limit` at a time, results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}
