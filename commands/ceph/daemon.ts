import { CEPH_FORMAT_OPTIONS } from '../../src/cli/ceph-args.js';
import { defineCommand } from '../../src/cli/define.js';
import { adminSocketCommand, daemonSocketPath } from '../../src/domain/ceph-daemon.js';

export default defineCommand({
  path: ['daemon'],
  describe: 'send a command to a daemon\'s admin socket',
  details: 'Same as --admin-daemon, but finds the admin socket from the daemon name through the ' +
    'config (admin_socket, e.g. `ceph daemon client.rbd-mirror.a rbd mirror status`); a name with ' +
    'a `/` is the socket\'s path. rbdm: a socket name that carries $pid is found among the running daemons.',
  positionals: [
    { name: 'name', describe: 'daemon name (type.id) or admin socket path' },
    { name: 'command', describe: 'the admin socket command', variadic: true },
  ],
  options: { ...CEPH_FORMAT_OPTIONS },
  async run(args, ctx) {
    if (!args.name || args.command.length === 0) {
      ctx.io.stderr('daemon requires at least 3 arguments\n');
      return 22;
    }
    const socket = daemonSocketPath(args.name, ctx.backendOptions, ctx.io.env);
    const r = await adminSocketCommand(socket, args.command, args.format);
    ctx.print.write(r.stdout);
    if (r.stderr) ctx.io.stderr(r.stderr);
    return r.code;
  },
});
