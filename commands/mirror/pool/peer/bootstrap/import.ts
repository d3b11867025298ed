// STUB (owner: helper A): replace with the real command.
import { defineCommand } from '../../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'bootstrap', 'import'],
  describe: 'Import a peer bootstrap token created from a remote cluster',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool peer bootstrap import: not implemented yet');
  },
});
