// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'status'],
  describe: 'Show RBD mirroring status for an image.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror image status: not implemented yet');
  },
});
