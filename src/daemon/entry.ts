// Entry of the bundled `rbd-mirror` binary (dist/rbd-mirror.js), called by bin/rbd-mirror.js.
// Real rbd-mirror forks into the background without -f/-d; this one always stays in the
// foreground (service managers and tests supervise it) and logs to its log file. A local cluster
// that does not exist is one line `rbd-mirror: ...` and exit status 1.
import { connectReplication } from '../backends/endpoints.js';
import type { ReplicationEndpoint } from '../backends/replication.js';
import { ArgError, parseDaemonArgs, USAGE } from './args.js';
import { MirrorDaemon } from './daemon.js';
import { createLogger } from './log.js';
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
  const connector = await connectReplication({ cluster: args.cluster, clientId: args.id, configOverrides: args.configOverrides, env });
  let local: ReplicationEndpoint;
  try {
    local = connector.local();
  } catch (e) {
    process.stderr.write(`rbd-mirror: unable to connect to local cluster ${args.cluster}: ${(e as Error).message.replace(/\s+/g, ' ')}\n`);
    process.exitCode = 1;
    return;
  }
  const logFile = args.logFile ?? (args.logToStderr ? undefined : connector.defaultLogFile(`${args.cluster}-client.${args.id}`));
  const log = createLogger({ file: logFile, stderr: args.logToStderr }, !!env.RBDM_DEBUG);
  const timing = timingFrom(env, (name) => local.config(name));
  log.info('main', `starting rbd-mirror (pid ${process.pid}) for cluster ${args.cluster}`);
  const daemon = new MirrorDaemon({ cluster: args.cluster, clientId: args.id, connector, local, timing, log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('main', `caught ${signal}, shutting down`);
    daemon.stop().then(() => process.exit(0), (e: Error) => { log.error('main', e.message); process.exit(1); });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  daemon.start();
}
