// STUB (owner: helper B2): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'resync'],
  describe: 'Force resync to primary image for RBD mirroring.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror image resync: not implemented yet');
  },
});
