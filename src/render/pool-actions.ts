// Output of the pool-level mirroring actions: plain lines only (rbd has no --format for them).
import type { PoolActionResult } from '../domain/pool-promote.js';
import type { Output } from './output.js';

/** Informational stdout lines (`rbd: mirroring is already ...`, `note: ...`), exit 0. */
export function printNotes(ctx: Pick<Output, 'print'>, notes: readonly string[]): void {
  for (const n of notes) ctx.print.line(n);
}

/** Non-fatal stderr lines the command still exits 0 after. */
export function printWarnings(ctx: Pick<Output, 'print'>, warnings: readonly string[]): void {
  for (const w of warnings) ctx.print.warn(w);
}

/** Per-image failures on stderr, then the count on stdout; the exit status is the first failure's errno. */
export function reportPoolAction(ctx: Pick<Output, 'print'>, r: PoolActionResult): number {
  for (const f of r.failures) ctx.print.warn(`rbd: ${f.message}`);
  ctx.print.line(`${r.verb} ${r.count} mirrored images`);
  return r.failures[0]?.errno ?? 0;
}
