// STUB (owner: helper A): replace with the real command.
import { defineCommand } from '../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'pool', 'peer', 'set'],
  describe: 'Update mirroring peer settings.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror pool peer set: not implemented yet');
  },
});
