// STUB (owner: helper A): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'promote'],
  describe: 'Promote all non-primary images in the pool.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool promote: not implemented yet');
  },
});
