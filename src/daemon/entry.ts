// Entry of the bundled `rbd-mirror` binary (dist/rbd-mirror.js), called by bin/rbd-mirror.js.
// As Ceph's: without -f/-d it daemonizes (daemonize.ts) and the launching process returns once
// the daemon runs; -f stays in the foreground logging to the log file (what systemd runs), -d
// logs to stderr. The daemon writes its pid file (not under -d unless asked for), opens its admin
// socket (admin-socket/), and on SIGTERM/SIGINT stops cleanly, removing both. A failure to start
// (a local cluster that does not exist) is one line `rbd-mirror: ...` and a non-zero status.
import { randomInt } from 'node:crypto';
import { connectReplication } from '../backends/endpoints.js';
import type { ReplicationEndpoint } from '../backends/replication.js';
import { daemonPathOptions, expandProcessVars } from '../config/daemon-paths.js';
import { ensureOwnDir } from '../os/safe-fs.js';
import { openAdminSocket } from './admin-socket/index.js';
import { ArgError, parseDaemonArgs, USAGE } from './args.js';
import { MirrorDaemon } from './daemon.js';
import { daemonize, readyChannel } from './daemonize.js';
import { createLogger } from './log.js';
import { removePidFile, writePidFile } from './pid-file.js';
import { timingFrom } from './timing.js';
import { VERSION_LINE } from '../version.js';

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  let args;
  try {
    args = parseDaemonArgs(argv);
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    process.stderr.write(`rbd-mirror: ${e.message}\n${USAGE}`);
    process.exitCode = 1;
    return;
  }
  if (args.action === 'help') { process.stdout.write(USAGE); return; }
  if (args.action === 'version') { process.stdout.write(`${VERSION_LINE}\n`); return; }

  const env = process.env;
  const launcher = readyChannel(env);
  if (!args.foreground && !launcher) {
    process.exitCode = await daemonize(argv, (t) => process.stderr.write(t));
    return;
  }
  const fail = (line: string, code = 1) => {
    process.stderr.write(`${line}\n`);
    launcher?.fail(line, code);
    process.exitCode = code;
  };

  const connector = await connectReplication({ cluster: args.cluster, clientId: args.id, configOverrides: args.configOverrides, env });
  let local: ReplicationEndpoint;
  try {
    local = connector.local();
  } catch (e) {
    return fail(`rbd-mirror: unable to connect to local cluster ${args.cluster}: ${(e as Error).message.replace(/\s+/g, ' ')}`);
  }
  const logFile = args.logFile ?? (args.logToStderr ? undefined : configured(local, 'log_file') || connector.defaultLogFile(`${args.cluster}-client.${args.id}`));
  const log = createLogger({ file: logFile, stderr: args.logToStderr }, !!env.RBDM_DEBUG);
  const paths = daemonPathOptions({ cluster: args.cluster, name: `client.${args.id}`, conf: args.conf, overrides: args.configOverrides }, env);
  // -d is a debugging run: no pid file unless one is asked for
  const pidFile = args.logToStderr && !args.configOverrides.pid_file ? '' : paths.pidFile;
  try {
    ensureOwnDir(paths.runDir, 'run directory');
  } catch (e) {
    // the admin socket's open reports it again; only a pid file that cannot be written is fatal
    log.error('main', `unable to create the run directory ${paths.runDir}: ${(e as Error).message}`);
  }
  try {
    const held = pidFile ? writePidFile(pidFile) : undefined;
    if (held) { local.close(); return fail(`rbd-mirror: ${held}`, 17); }
  } catch (e) {
    local.close();
    return fail(`rbd-mirror: unable to write the pid file ${pidFile}: ${(e as Error).message}`);
  }

  const timing = timingFrom(env, (name) => local.config(name));
  log.info('main', `starting rbd-mirror (pid ${process.pid}) for cluster ${args.cluster}`);
  const daemon = new MirrorDaemon({ cluster: args.cluster, clientId: args.id, connector, local, timing, log });
  const socketPath = paths.adminSocket ? expandProcessVars(paths.adminSocket, process.pid, String(randomInt(1e13, 1e14))) : '';
  const socket = socketPath ? await openAdminSocket(socketPath, daemon, log) : undefined;
  const cleanUp = () => {
    socket?.close();
    if (pidFile) removePidFile(pidFile);
  };
  process.once('exit', cleanUp);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('main', `caught ${signal}, shutting down`);
    daemon.stop().then(() => { cleanUp(); process.exit(0); }, (e: Error) => { log.error('main', e.message); cleanUp(); process.exit(1); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // a daemon without a terminal ignores SIGHUP (Ceph reopens its logs on it; appends reopen anyway)
  process.on('SIGHUP', () => log.info('main', 'caught SIGHUP'));
  daemon.start();
  launcher?.ready();
}

/** A config option's value, '' when unset or unreadable. */
function configured(local: ReplicationEndpoint, name: string): string {
  try {
    return local.config(name);
  } catch {
    return '';
  }
}
