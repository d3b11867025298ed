// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../../src/cli/define.js';
import { Errno, RbdError } from '../../src/errors.js';

export default defineCommand({
  path: ['feature', 'disable'],
  describe: 'Disable the specified image feature.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'feature disable: not implemented yet');
  },
});
