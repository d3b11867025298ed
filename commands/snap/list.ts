// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../../src/cli/define.js';
import { Errno, RbdError } from '../../src/errors.js';

export default defineCommand({
  path: ['snap', 'list'],
  aliases: [['snap', 'ls']],
  describe: 'Dump list of image snapshots.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'snap list: not implemented yet');
  },
});
