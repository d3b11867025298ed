// The `ceph` binary's one error path, in the ceph CLI's words: `Error ENOENT: <reason>` with the
// errno as exit status; a malformed command is `Invalid command: ...` + `Error EINVAL: invalid
// command` (exit 22), an unknown one lists the closest commands first.
import { Errno, RbdError, UsageError } from '../errors.js';
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';

const NAMES: Record<number, string> = Object.fromEntries(Object.entries(Errno).map(([name, n]) => [n, name]));

export function errnoName(errno: number): string {
  return NAMES[errno] ?? `error ${errno}`;
}

/** `auth get <entity> :  ...`: how the mon shows a command's signature. */
export function signature(c: AnyCommand): string {
  const args = c.positionals.map((p) => (p.variadic ? `<${p.name}>...` : p.optional ? `[<${p.name}>]` : `<${p.name}>`));
  return `${[...c.path, ...args].join(' ')} :  ${c.describe}`;
}

/** A command whose words are right but whose arguments are not (a missing entity, extra words). */
export class CephArgError extends UsageError {
  readonly command: AnyCommand;
  constructor(message: string, command: AnyCommand) {
    super(message);
    this.command = command;
  }
}

export function reportCephFailure(e: unknown, io: Io, commands: readonly AnyCommand[]): number {
  if (e instanceof CephArgError) {
    io.stderr(`Invalid command: ${e.message}\n${signature(e.command)}\nError EINVAL: invalid command\n`);
    return Errno.EINVAL;
  }
  if (e instanceof UsageError) {
    if (e.showGlobalUsage) {
      // the words typed, then the commands that share the first of them
      const words = e.message.match(/'(.*)'/)?.[1]?.split(' ') ?? [];
      const close = commands.filter((c) => c.path[0] === words[0]).slice(0, 10);
      io.stderr(`no valid command found; ${close.length} closest matches:\n${close.map((c) => signature(c).split(' :  ')[0] + '\n').join('')}`);
    } else {
      io.stderr(`Invalid command: ${e.message.replace(/^rbd: /, '')}\n`);
    }
    io.stderr('Error EINVAL: invalid command\n');
    return Errno.EINVAL;
  }
  if (io.env.RBDM_DEBUG === '1' && e instanceof Error) io.stderr(`${e.stack}\n`);
  if (e instanceof RbdError) {
    io.stderr(`Error ${errnoName(e.errno)}: ${e.message}\n`);
    return e.errno;
  }
  const sqlite = e as { code?: string; message?: string };
  if (typeof sqlite.code === 'string' && sqlite.code.startsWith('SQLITE_BUSY')) {
    io.stderr('Error EAGAIN: the cluster store is busy, try again\n');
    return Errno.EAGAIN;
  }
  io.stderr(`Error EIO: internal error: ${sqlite.message ?? String(e)}\n`);
  return Errno.EIO;
}
