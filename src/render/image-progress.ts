// utils::ProgressContext of rbd: `\r<operation>: N% complete...` on stderr, ending in `done.` or
// `failed.`; nothing with --no-progress. rbdm's operations are instantaneous, so only the final
// line is printed.
import type { Context } from '../cli/context.js';
import { SILENT, type Progress } from '../domain/image-failure.js';

export function progressReporter(ctx: Context, operation: string, noProgress: boolean): Progress {
  if (noProgress) return SILENT;
  return {
    finish: () => ctx.print.warn(`\r${operation}: 100% complete...done.`),
    fail: () => ctx.print.warn(`\r${operation}: 0% complete...failed.`),
  };
}
