// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../src/cli/define.js';
import { Errno, RbdError } from '../src/errors.js';

export default defineCommand({
  path: ['list'],
  aliases: [['ls']],
  describe: 'List rbd images.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'list: not implemented yet');
  },
});
