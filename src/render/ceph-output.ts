// Output of the `ceph` command: plain text, or JSON as the ceph CLI prints it (`json` without a
// trailing newline, `json-pretty` indented with one).
import type { Printer } from './output.js';
import type { Plain } from './xml.js';

export type CephFormat = 'plain' | 'json' | 'json-pretty';

export interface CephRendering<T> {
  json: (data: T) => Plain;
  plain: (data: T) => string;
}

export function cephText<T>(format: string | undefined, data: T, how: CephRendering<T>): string {
  if (format === 'json') return JSON.stringify(how.json(data));
  if (format === 'json-pretty') return JSON.stringify(how.json(data), null, 4) + '\n';
  return how.plain(data);
}

export function cephRender<T>(ctx: { print: Printer }, format: string | undefined, data: T, how: CephRendering<T>): void {
  ctx.print.write(cephText(format, data, how));
}
