// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../src/cli/define.js';
import { Errno, RbdError } from '../src/errors.js';

export default defineCommand({
  path: ['info'],
  describe: 'Show information about image size, striping, etc.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'info: not implemented yet');
  },
});
