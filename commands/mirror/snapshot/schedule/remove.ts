// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../../src/cli/define.js';
import { Errno, RbdError } from '../../../../src/errors.js';

export default defineCommand({
  path: ['mirror', 'snapshot', 'schedule', 'remove'],
  aliases: [['mirror', 'snapshot', 'schedule', 'rm']],
  describe: 'Remove mirror snapshot schedule.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'mirror snapshot schedule remove: not implemented yet');
  },
});
