// STUB (owner: helper B2): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'disable'],
  describe: 'Disable RBD mirroring for an image.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror image disable: not implemented yet');
  },
});
