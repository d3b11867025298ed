// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['config', 'global', 'set'],
  describe: 'Set a global-level configuration override.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'config global set: not implemented yet');
  },
});
