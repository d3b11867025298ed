// STUB (owner: helper A): replace with the real command.
import { defineCommand } from '../../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'bootstrap', 'create'],
  describe: 'Create a peer bootstrap token to import in a remote cluster',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool peer bootstrap create: not implemented yet');
  },
});
