// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'status'],
  describe: 'Show status for all mirrored images in the pool.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool status: not implemented yet');
  },
});
