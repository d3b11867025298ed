// Progress of long operations (import, export, resize, rm, snap create/rm) on stderr: an ora
// spinner with rbd's `Importing image: 42% complete...` text, only when ctx.progress allows it
// (stderr is a terminal; no NO_COLOR, --no-color or CI). A pipe or a CI log never gets `\r`
// lines, stdout (which may carry image data) never does, and ora is loaded only then.
import { clearLine, cursorTo, moveCursor } from 'node:readline';
import { Writable } from 'node:stream';
import type { ProgressMeter } from '../domain/io/streams.js';
import { NO_PROGRESS } from '../domain/io/streams.js';
import type { Context } from './context.js';

export async function progressMeter(ctx: Pick<Context, 'io' | 'progress'>, operation: string, noProgress = false): Promise<ProgressMeter> {
  if (noProgress || !ctx.progress) return NO_PROGRESS;
  const { default: ora } = await import('ora');
  // ora drives a TTY stream; this one writes through ctx.io and draws with readline's escapes
  const stream = new Writable({ write(chunk, _enc, done) { ctx.io.stderr(String(chunk)); done(); } });
  Object.assign(stream, {
    isTTY: true, columns: 80,
    cursorTo: (x: number, y?: number) => cursorTo(stream, x, y),
    clearLine: (dir: -1 | 0 | 1) => clearLine(stream, dir),
    moveCursor: (dx: number, dy: number) => moveCursor(stream, dx, dy),
  });
  const spinner = ora({ text: `${operation}: 0% complete...`, stream, isEnabled: true, discardStdin: false }).start();
  let shown = 0;
  return {
    update(done, total) {
      const pct = total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 100;
      if (pct === shown) return;
      shown = pct;
      spinner.text = `${operation}: ${pct}% complete...`;
    },
    finish: () => { spinner.succeed(`${operation}: 100% complete...done.`); },
    fail: () => { spinner.fail(`${operation}: ${shown}% complete...failed.`); },
  };
}
