// Entry of the bundled `rbd-mirror` binary (dist/rbd-mirror.js), called by bin/rbd-mirror.js.
// Real rbd-mirror forks into the background without -f/-d; this one always stays in the
// foreground (service managers and tests supervise it) and logs to its log file.
import { join } from 'node:path';
import { rbdmHome } from '../backends/local/store.js';
import { ArgError, parseDaemonArgs, USAGE } from './args.js';
import { MirrorDaemon } from './daemon.js';
import { createLogger } from './log.js';
import { timingFromEnv } from './timing.js';
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
  const logFile = args.logFile ?? (args.logToStderr ? undefined : join(rbdmHome(env), 'log', `${args.cluster}-client.${args.id}.log`));
  const log = createLogger({ file: logFile, stderr: args.logToStderr }, !!env.RBDM_DEBUG);
  const daemon = new MirrorDaemon({
    cluster: args.cluster, clientId: args.id, configOverrides: args.configOverrides, env, timing: timingFromEnv(env), log,
  });
  log.info('main', `starting rbd-mirror (pid ${process.pid}) for cluster ${args.cluster}`);
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
