// STUB (owner: helper A): replace with the real command.
import { defineCommand } from '../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'add'],
  describe: 'Add a mirroring peer to a pool.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool peer add: not implemented yet');
  },
});
