// STUB (owner: helper C): replace with the real command.
import { defineCommand } from '../../../src/cli/define.js';
import { Errno, RbdError } from '../../../src/errors.js';

export default defineCommand({
  path: ['config', 'global', 'list'],
  aliases: [['config', 'global', 'ls']],
  describe: 'List global-level configuration overrides.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'config global list: not implemented yet');
  },
});
