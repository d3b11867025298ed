// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../src/cli/define.js';
import { Errno, RbdError } from '../src/errors.js';

export default defineCommand({
  path: ['create'],
  describe: 'Create an empty image.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'create: not implemented yet');
  },
});
