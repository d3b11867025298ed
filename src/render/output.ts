// One way out for structured results: plain text, JSON or XML, chosen by --format.
import type { Paint } from './paint.js';
import { toXml, type Plain } from './xml.js';

export type OutputFormat = 'plain' | 'json' | 'xml';

export interface Printer {
  /** A line (or several) on stdout. */
  line(text?: string): void;
  /** Raw text on stdout, no newline added. */
  write(text: string): void;
  /** A message on stderr that is not fatal (the command still decides the exit status). */
  warn(text: string): void;
}

/** Where a rendering goes: the part of the CLI's context renderers see. */
export interface Output {
  format: OutputFormat;
  pretty: boolean;
  /** Set when plain output goes to a colour terminal. */
  paint?: Paint;
  print: Printer;
}

export interface Rendering<T> {
  /** Root element name of the XML form (Ceph's outermost section). */
  root: string;
  /** The JSON/XML value, keys in the order real rbd emits them. */
  json: (data: T) => Plain;
  /** The plain-text form, complete with its trailing newline when it has one. */
  plain: (data: T) => string;
  /** Array key → XML item element name, where dropping the trailing `s` is wrong. */
  xmlItems?: Record<string, string>;
  /** Colours the plain text on a colour terminal (the command sets `colour: true`). */
  colour?: (text: string, paint: Paint) => string;
}

export function toJson(value: Plain, pretty: boolean): string {
  return pretty ? JSON.stringify(value, null, 4) : JSON.stringify(value);
}

/** The text `render` prints, without printing it (`--watch` compares and redraws frames).
 *  `compact` forces one-line JSON (one document per line). */
export function formatted<T>(ctx: Pick<Output, 'format' | 'pretty' | 'paint'>, data: T, how: Rendering<T>, opts: { compact?: boolean } = {}): string {
  const pretty = ctx.pretty && !opts.compact;
  switch (ctx.format) {
    case 'json':
      return toJson(how.json(data), pretty) + '\n';
    case 'xml':
      return toXml(how.root, how.json(data), how.xmlItems, pretty).replace(/\n$/, '') + '\n';
    default: {
      const text = how.plain(data);
      return ctx.paint && how.colour ? how.colour(text, ctx.paint) : text;
    }
  }
}

export function render<T>(ctx: Output, data: T, how: Rendering<T>): void {
  ctx.print.write(formatted(ctx, data, how));
}
