// STUB (owner: helper A): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'disable'],
  describe: 'Disable RBD mirroring by default within a pool.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool disable: not implemented yet');
  },
});
