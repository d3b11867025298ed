// Option groups and argument checks of the `ceph` command's definitions.
import { CephArgError } from './ceph-failure.js';
import type { AnyCommand, OptionDef } from './define.js';

export const CEPH_FORMAT_OPTIONS = {
  format: { type: 'string', alias: 'f', describe: 'output format (plain, json, json-pretty) [default: plain]', choices: ['plain', 'json', 'json-pretty'] },
} as const satisfies Record<string, OptionDef>;

/** `-o FILE`: commands that print a keyring or key write it there instead (mode 0600). */
export const OUT_FILE_OPTION = {
  'out-file': { type: 'string', alias: 'o', describe: 'write the output to this file (mode 0600) instead of stdout' },
} as const satisfies Record<string, OptionDef>;

/** A required positional, or the mon's `missing required parameter` answer. */
export function required(value: string | undefined, what: string, command: AnyCommand): string {
  if (value === undefined || value === '') throw new CephArgError(`missing required parameter ${what}`, command);
  return value;
}
