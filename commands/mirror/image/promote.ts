// STUB (owner: helper B2): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'promote'],
  describe: 'Promote an image to primary for RBD mirroring.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror image promote: not implemented yet');
  },
});
