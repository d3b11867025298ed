// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'list'],
  aliases: [['mirror', 'snapshot', 'schedule', 'ls']],
  describe: 'List mirror snapshot schedule.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror snapshot schedule list: not implemented yet');
  },
});
