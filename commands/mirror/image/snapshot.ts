// STUB (owner: helper B2): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'image', 'snapshot'],
  describe: 'Create RBD mirroring image snapshot.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror image snapshot: not implemented yet');
  },
});
