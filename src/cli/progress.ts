// Progress of long data operations (import, export, bench sync, resync) on stderr, and only when
// stderr is a terminal outside CI without NO_COLOR: a pipe or a CI log never gets `\r` lines, and
// stdout (which may carry image data) never does.
import type { ProgressMeter } from '../domain/io/streams.js';
import { NO_PROGRESS } from '../domain/io/streams.js';
import type { Context } from './context.js';

export function progressAllowed(ctx: Pick<Context, 'io'>): boolean {
  const { env, stderrIsTTY } = ctx.io;
  return stderrIsTTY && !env.CI && !env.NO_COLOR;
}

/** `Importing image: 42% complete...` redrawn in place, as rbd's ProgressContext prints it. */
export function progressMeter(ctx: Pick<Context, 'io'>, operation: string, noProgress = false): ProgressMeter {
  if (noProgress || !progressAllowed(ctx)) return NO_PROGRESS;
  let shown = -1;
  const draw = (text: string): void => ctx.io.stderr(`\r${operation}: ${text}`);
  return {
    update(done, total) {
      const pct = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 100;
      if (pct === shown) return;
      shown = pct;
      draw(`${pct}% complete...`);
    },
    finish: () => draw('100% complete...done.\n'),
    fail: () => draw(`${Math.max(shown, 0)}% complete...failed.\n`),
  };
}
