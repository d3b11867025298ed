// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'status'],
  describe: 'Show mirror snapshot schedule status.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror snapshot schedule status: not implemented yet');
  },
});
