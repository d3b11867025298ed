// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../src/cli/define.js';
import { Errno, RbdError } from '../src/errors.js';

export default defineCommand({
  path: ['remove'],
  aliases: [['rm']],
  describe: 'Delete an image.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'remove: not implemented yet');
  },
});
