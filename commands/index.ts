// The registry: every leaf command of the `rbd` binary. Add a module here to add a command.
import type { AnyCommand } from '../src/cli/define.js';
import mirrorPoolInfo from './mirror/pool/info.js';
import poolInit from './pool/init.js';

export const COMMANDS: readonly AnyCommand[] = [
  mirrorPoolInfo,
  poolInit,
];
