// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../../src/cli/define.js';
import { Errno, RbdError } from '../../src/errors.js';

export default defineCommand({
  path: ['snap', 'remove'],
  aliases: [['snap', 'rm']],
  describe: 'Delete a snapshot.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'snap remove: not implemented yet');
  },
});
