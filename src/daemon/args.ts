// Command line of `rbd-mirror` (the options real rbd-mirror's --help lists, plus Ceph config
// options as `--<name> <value>`, which is how tests shorten the daemon's intervals).
import { configOptionName } from '../config/options.js';

export interface DaemonArgs {
  cluster: string;
  /** Auth id without `client.`: `--id mirror.0`, `-i`, or the id part of `--name client.mirror.0`. */
  id: string;
  conf?: string;
  logFile?: string;
  /** -d: foreground, log to stderr. */
  logToStderr: boolean;
  foreground: boolean;
  monHost?: string;
  keyring?: string;
  configOverrides: Record<string, string>;
  action: 'run' | 'help' | 'version';
}

export const USAGE = `usage: rbd-mirror [options...]
options:
  -m monaddress[:port]      connect to specified monitor
  --keyring=<path>          path to keyring for local cluster
  --log-file=<logfile>       file to log debug output
  --debug-rbd-mirror=<log-level>/<memory-level>  set rbd-mirror debug level
  --conf/-c FILE    read configuration from the given configuration file
  --id/-i ID        set ID portion of my name
  --name/-n TYPE.ID set name
  --cluster NAME    set cluster name (default: ceph)
  --setuser USER    set uid to user or uid (and gid to user's gid)
  --setgroup GROUP  set gid to group or gid
  --version         show version and quit

  -d                run in foreground, log to stderr
  -f                run in foreground, log to usual location

  --debug_ms N      set message debug level (e.g. 1)
`;

export class ArgError extends Error {}

/** Parses argv; `--opt value` and `--opt=value` are both accepted, as Ceph's argparse does. */
export function parseDaemonArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DaemonArgs {
  const out: DaemonArgs = {
    cluster: env.CEPH_CLUSTER || 'ceph', id: 'admin', logToStderr: false, foreground: false,
    configOverrides: {}, action: 'run',
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) { inline = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new ArgError(`Option ${arg} requires an argument.`);
      return v;
    };
    switch (arg) {
      case '-h': case '--help': out.action = 'help'; break;
      case '--version': out.action = 'version'; break;
      case '-f': out.foreground = true; break;
      case '-d': out.foreground = true; out.logToStderr = true; break;
      case '--cluster': out.cluster = value(); break;
      case '--id': case '-i': out.id = value(); break;
      case '--name': case '-n': {
        const name = value();
        out.id = name.startsWith('client.') ? name.slice('client.'.length) : name;
        break;
      }
      case '--conf': case '-c': out.conf = value(); break;
      case '--log-file': case '--log_file': out.logFile = value(); break;
      case '-m': case '--mon-host': case '--mon_host': out.monHost = value(); break;
      case '--keyring': out.keyring = value(); break;
      case '--setuser': case '--setgroup': value(); break;
      default: {
        // --debug-rbd-mirror 20/20, --debug_ms 1: accepted and ignored (one log level here).
        if (/^--debug[-_]/.test(arg)) { value(); break; }
        const name = arg.startsWith('--') ? configOptionName(arg) : undefined;
        if (!name) throw new ArgError(`unrecognized argument: ${arg}`);
        out.configOverrides[name] = value();
      }
    }
  }
  return out;
}
