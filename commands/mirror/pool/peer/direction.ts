// --direction of `peer add` and `peer bootstrap import`: tx-only is refused by the parser.
import type { OptionDef } from '../../../../src/cli/define.js';

export const DIRECTION_OPTION = {
  direction: { type: 'string', describe: 'mirroring direction (rx-only, rx-tx)\n[default: rx-tx]', choices: ['rx-only', 'rx-tx'] },
} as const satisfies Record<string, OptionDef>;
