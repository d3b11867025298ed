// The daemon's admin socket: the server (server.ts) answering with the command table
// (commands.ts) over the daemon's state (status.ts). Output is Ceph's JSON formatter's: 4-space
// indented with a final newline for json-pretty (the default), one line for json.
import type { Logger } from '../log.js';
import { perfJson } from '../perf-counters.js';
import { findCommand, socketCommands } from './commands.js';
import { AdminSocketServer } from './server.js';
import type { MirrorControl } from './status.js';

export type { MirrorControl } from './status.js';

function formatted(value: unknown, format: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return format === 'json' ? perfJson(value, false) : `${perfJson(value, true)}\n`;
}

/** Opens the socket; a failure is logged and the daemon runs on without it, as Ceph's does. */
export async function openAdminSocket(path: string, control: MirrorControl, log: Logger): Promise<AdminSocketServer | undefined> {
  const server = new AdminSocketServer(path, async (prefix, format) => {
    const command = findCommand(socketCommands(control, path), prefix);
    if (!command) {
      log.debug('admin_socket', `request '${prefix}' not defined`);
      return `unknown command ${JSON.stringify(prefix)}`;
    }
    try {
      return formatted(await command.run(), format);
    } catch (e) {
      log.error('admin_socket', `request '${prefix}' failed: ${(e as Error).message}`);
      return `failed: ${(e as Error).message}`;
    }
  });
  const error = await server.listen();
  if (error) {
    log.error('admin_socket', `init: ${error}`);
    return undefined;
  }
  log.info('admin_socket', `listening on ${path}`);
  return server;
}
