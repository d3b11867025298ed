// STUB (owner: helper B2): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'demote'],
  describe: 'Demote an image to non-primary for RBD mirroring.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror image demote: not implemented yet');
  },
});
