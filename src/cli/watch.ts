// `--watch [--interval DUR]` (rbdm addition) of `mirror pool status`, `mirror image status` and
// `mirror pool health`: read, render, repeat until SIGINT/SIGTERM (a closed stdout pipe ends the
// process in rbd-entry.ts).
//   terminal, plain/xml: the frame redrawn in place (cursor home, each line cleared to its end,
//     the rest of the screen cleared), no full-screen clear between frames, so nothing flickers;
//   otherwise: a new block only when the output changed (blocks separated by a blank line);
//   --format json: one compact JSON document per line, on change.
import { parseDuration } from '../rules/duration.js';
import { Errno, isRbdError } from '../errors.js';
import { formatted, type Rendering } from '../render/output.js';
import type { Context } from './context.js';
import type { OptionDef } from './define.js';

export const WATCH_OPTIONS = {
  watch: { type: 'boolean', rbdm: true, describe: 'keep showing it: redrawn on a terminal, a new block (JSON: line) per change otherwise; Ctrl-C ends' },
  interval: { type: 'string', rbdm: true, describe: 'refresh interval of --watch (d/h/m/s) [default: 2s]' },
} as const satisfies Record<string, OptionDef>;

export interface WatchSpec<T> {
  /** The command line shown in the terminal header. */
  title: string;
  read(): Promise<T>;
  rendering: Rendering<T>;
  /** What counts as a change (default: the rendered text); volatile parts (ages) left out. */
  key?(data: T): string;
}

const HOME = '\x1b[H';
const CLEAR_LINE = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';

export function watchIntervalMs(raw: string | undefined): number {
  const seconds = raw === undefined ? 2 : parseDuration(raw, 'interval', Errno.EINVAL);
  return Math.max(1, seconds) * 1000;
}

/** Runs until a stop signal; resolves 0 (a clean exit). The first read's failure is the
 *  command's failure; later failures show in place of the frame and the watch goes on. */
export async function watch<T>(ctx: Context, spec: WatchSpec<T>, intervalMs: number): Promise<number> {
  const json = ctx.format === 'json';
  const redraw = ctx.io.stdoutIsTTY && !json;
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => { stop = resolve; });
  let stopping = false;
  const unhook = ctx.io.onStop?.(() => { stopping = true; stop(); }) ?? (() => undefined);
  let last: string | undefined;
  let first = true;
  try {
    if (redraw) ctx.print.write(HIDE_CURSOR + HOME + '\x1b[2J');
    while (!stopping) {
      let text: string;
      let key: string;
      try {
        const data = await spec.read();
        text = formatted(ctx, data, spec.rendering, { compact: true });
        key = spec.key ? spec.key(data) : text;
      } catch (e) {
        if (first || !isRbdError(e)) throw e;
        text = `rbd: ${e.message}\n`;
        key = text;
      }
      if (redraw) {
        const header = `Every ${intervalMs / 1000}s: ${spec.title}    ${new Date().toLocaleString()}\n\n`;
        ctx.print.write(HOME + (header + text).replace(/\n/g, `${CLEAR_LINE}\n`) + CLEAR_BELOW);
      } else if (key !== last) {
        ctx.print.write(first || json ? text : `\n${text}`);
      }
      last = key;
      first = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopped, new Promise((r) => { timer = setTimeout(r, intervalMs); })]);
      clearTimeout(timer);
    }
  } finally {
    unhook();
    if (redraw) ctx.print.write(SHOW_CURSOR);
  }
  return 0;
}
