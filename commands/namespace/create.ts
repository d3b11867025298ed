// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../../src/cli/define.js';
import { Errno, RbdError } from '../../src/errors.js';

export default defineCommand({
  path: ['namespace', 'create'],
  describe: 'Create an RBD image namespace.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'namespace create: not implemented yet');
  },
});
