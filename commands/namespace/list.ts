// STUB (owner: helper B1): replace with the real command.
import { defineCommand } from '../../src/cli/define.js';
import { Errno, RbdError } from '../../src/errors.js';

export default defineCommand({
  path: ['namespace', 'list'],
  aliases: [['namespace', 'ls']],
  describe: 'List RBD image namespaces.',
  positionals: [],
  options: {},
  async run() {
    throw new RbdError(Errno.ENOSYS, 'namespace list: not implemented yet');
  },
});
