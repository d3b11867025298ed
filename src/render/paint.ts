// Colour for plain output on a terminal. chalk is loaded only when colour is wanted (stdout is a
// terminal, no NO_COLOR, no --no-color, not CI), so pipes and scripts never pay for it.

export interface Paint {
  good(text: string): string;
  warn(text: string): string;
  bad(text: string): string;
}

export async function loadPaint(): Promise<Paint> {
  const { Chalk } = await import('chalk');
  const chalk = new Chalk({ level: 1 });
  return { good: perLine(chalk.green), warn: perLine(chalk.yellow), bad: perLine(chalk.red) };
}

/** Colours each line on its own: an escape code never spans a line break, so `grep`, `less -R`
 *  and a terminal scrolled mid-text never see a line that starts inside a colour. */
export function perLine(colour: (text: string) => string): (text: string) => string {
  return (text) => text.split('\n').map((line) => (line === '' ? line : colour(line))).join('\n');
}

/** Health words and `up+state`/`down+state` values in a status text, coloured by severity. */
export function paintStatus(text: string, paint: Paint): string {
  return text
    .replace(/^((?:daemon |image )?health: )(OK|UNKNOWN|WARNING|ERROR)$/gm, (_, head: string, h: string) =>
      head + (h === 'OK' ? paint.good(h) : h === 'ERROR' ? paint.bad(h) : paint.warn(h)))
    .replace(/^(\s*state:\s+)((?:up|down)\+\w+)$/gm, (_, head: string, st: string) =>
      head + (st.endsWith('+error') ? paint.bad(st) : st.startsWith('down+') || st.endsWith('+unknown') ? paint.warn(st)
        : /\+(replaying|stopped)$/.test(st) ? paint.good(st) : paint.warn(st)));
}
