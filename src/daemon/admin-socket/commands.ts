// The admin socket's commands, as Ceph's rbd-mirror registers them: the admin socket's own
// (version, git_version, help, get_command_descriptions), perf dump|schema, and
// `rbd mirror status|start|stop|restart|flush` for the whole daemon, for each pool and peer
// (`rbd mirror status <pool> <peer-cluster>`, Ceph's PoolReplayer hook name) and for each
// image (`rbd mirror status <pool>/<image>`, `<pool>/<namespace>/<image>`). The pool and image
// forms exist while their replayers do, so the table is built for every request.
import { VERSION } from '../../version.js';
import { perfCounters } from '../perf-counters.js';
import type { PoolReplayer } from '../pool-replayer.js';
import { DELETER_STATUS, imageSpec, imageStatus, mirrorStatus, poolGroups, poolStatus, type MirrorControl } from './status.js';

export interface SocketCommand {
  help: string;
  /** A value to format, or nothing (an empty reply, as Ceph's start/stop give). */
  run(): Promise<unknown> | unknown;
}

/** Ceph's CEPH_ADMIN_SOCK_VERSION, the answer to the legacy "0" request. */
const ADMIN_SOCK_VERSION = '2';

const VERBS = ['status', 'start', 'stop', 'restart', 'flush'] as const;
type Verb = (typeof VERBS)[number];
const HELP: Record<Verb, string> = {
  status: 'get status for rbd mirror', start: 'start rbd mirror', stop: 'stop rbd mirror', restart: 'restart rbd mirror', flush: 'flush rbd mirror',
};

/** What each verb does to a scope of replayers. */
interface Scope {
  status(): unknown;
  stop(stop: boolean): void;
  restart(): void;
  /** The pool replayers whose next pass the verb waits for. */
  pools: PoolReplayer[];
}

function scoped(control: MirrorControl, scope: Scope, verb: Verb): () => Promise<unknown> {
  return async () => {
    if (verb === 'status') return scope.status();
    if (verb === 'start') scope.stop(false);
    else if (verb === 'stop') scope.stop(true);
    else if (verb === 'restart') scope.restart();
    for (const p of scope.pools) p.flush();
    // flush returns once the pass that commits and reports has run
    if (verb === 'flush') await control.nextPass();
    return undefined;
  };
}

function restartImages(pools: PoolReplayer[]): void {
  for (const p of pools) {
    p.setManualStop(false);
    for (const r of p.imageReplayers()) r.restart();
  }
}

export function socketCommands(control: MirrorControl, socketPath: string): Map<string, SocketCommand> {
  const table = new Map<string, SocketCommand>();
  table.set('0', { help: '', run: () => ADMIN_SOCK_VERSION });
  table.set('version', { help: 'get ceph version', run: () => ({ version: '16.2.15', release: 'pacific', release_type: 'stable' }) });
  table.set('git_version', { help: 'get git sha1', run: () => ({ git_version: `rbdm-${VERSION}` }) });
  table.set('perf dump', { help: 'dump perfcounters value', run: () => perfCounters.dump() });
  table.set('perf schema', { help: 'dump perfcounters schema', run: () => perfCounters.schema() });

  const all = control.poolReplayers();
  const daemonScope: Scope = {
    status: () => mirrorStatus(control, socketPath),
    stop: (stop) => control.setManualStop(stop),
    restart: () => { control.setManualStop(false); restartImages(all); },
    pools: all,
  };
  for (const verb of VERBS) table.set(`rbd mirror ${verb}`, { help: HELP[verb], run: scoped(control, daemonScope, verb) });

  for (const g of poolGroups(control)) {
    if (!g.peer) continue;
    const name = `${g.pool} ${g.peer.siteName}`;
    const scope: Scope = {
      status: () => poolStatus(control, g, socketPath),
      stop: (stop) => { for (const p of g.replayers) p.setManualStop(stop); },
      restart: () => restartImages(g.replayers),
      pools: g.replayers,
    };
    for (const verb of VERBS) table.set(`rbd mirror ${verb} ${name}`, { help: `${HELP[verb]} ${name}`, run: scoped(control, scope, verb) });
    table.set(`rbd mirror deletion status ${g.pool}`, { help: 'get status for image deleter', run: () => DELETER_STATUS });
  }

  for (const p of all) {
    for (const r of p.imageReplayers()) {
      const name = imageSpec(p, r);
      const scope: Scope = {
        status: () => imageStatus(p, r),
        stop: (stop) => { r.manualStop = stop; },
        restart: () => r.restart(),
        pools: [p],
      };
      for (const verb of VERBS) table.set(`rbd mirror ${verb} ${name}`, { help: `${HELP[verb]} ${name}`, run: scoped(control, scope, verb) });
    }
  }

  table.set('help', { help: 'list available commands', run: () => helpOf(sorted) });
  table.set('get_command_descriptions', { help: 'list available commands', run: () => descriptionsOf(sorted) });
  // in byte order, as Ceph's std::map of commands lists them
  const sorted = new Map([...table].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted;
}

function helpOf(table: Map<string, SocketCommand>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, c] of table) if (c.help) out[name] = c.help;
  return out;
}

/** Ceph's get_command_descriptions: each command's words are literal (prefix) descriptors. */
function descriptionsOf(table: Map<string, SocketCommand>): Record<string, { sig: string[]; help: string }> {
  const out: Record<string, { sig: string[]; help: string }> = {};
  let n = 0;
  for (const [name, c] of table) out[`cmd${String(n++).padStart(3, '0')}`] = { sig: name.split(' '), help: c.help };
  return out;
}

/** The command a prefix names: the longest run of its words that is one (Ceph drops words
 *  from the right until a registered command matches). */
export function findCommand(table: Map<string, SocketCommand>, prefix: string): SocketCommand | undefined {
  const words = prefix.split(/\s+/).filter(Boolean);
  for (let n = words.length; n > 0; n--) {
    const c = table.get(words.slice(0, n).join(' '));
    if (c) return c;
  }
  return undefined;
}
