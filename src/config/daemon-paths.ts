// Where an rbd-mirror daemon keeps its run-time files, from Ceph's options `run_dir`,
// `admin_socket` and `pid_file` (command line > the cluster's config file > default), with
// Ceph's metavariables expanded: $run_dir, $cluster, $name, $type, $id, $pid, $cctid.
//
// rbdm's defaults (documented in README and rbd-mirror(8)):
//   run_dir      $RBDM_HOME/run            (Ceph: /var/run/ceph; here per user, mode 0700)
//   admin_socket $run_dir/$cluster-$name.$pid.$cctid.asok
//   pid_file     $run_dir/$cluster-$name.pid
// The daemon (src/daemon) and `ceph daemon <name>` (src/domain/ceph-daemon.ts) resolve them
// with these same functions, so the CLI finds the socket the daemon made.
import { join, resolve } from 'node:path';
import { loadClusterConfig } from './conf-file.js';

export interface DaemonIdentity {
  cluster: string;
  /** The entity: `client.rbd-mirror.a`. */
  name: string;
  /** -c FILE, if given. */
  conf?: string;
  /** Command-line options (`--admin-socket X` → admin_socket). */
  overrides?: Record<string, string>;
}

export const DEFAULT_ADMIN_SOCKET = '$run_dir/$cluster-$name.$pid.$cctid.asok';
export const DEFAULT_PID_FILE = '$run_dir/$cluster-$name.pid';

function rbdmHomeOf(env: NodeJS.ProcessEnv): string {
  if (env.RBDM_HOME) return resolve(env.RBDM_HOME);
  return join(env.XDG_DATA_HOME || join(env.HOME ?? '', '.local', 'share'), 'rbdm');
}

/** The raw (unexpanded for $pid/$cctid) values of the three options for one daemon. */
export function daemonPathOptions(who: DaemonIdentity, env: NodeJS.ProcessEnv): { runDir: string; adminSocket: string; pidFile: string } {
  const file = loadClusterConfig({ cluster: who.cluster, conf: who.conf, name: who.name }, env).values;
  const pick = (opt: string, fallback: string): string => who.overrides?.[opt] ?? file[opt] ?? fallback;
  const entity = who.name;
  const vars: Record<string, string> = {
    cluster: who.cluster, name: entity, type: entity.split('.')[0]!, id: entity.slice(entity.indexOf('.') + 1),
  };
  const expand = (v: string): string => v.replace(/\$(cluster|name|type|id)\b/g, (_, k: string) => vars[k]!);
  const runDir = resolve(expand(pick('run_dir', join(rbdmHomeOf(env), 'run'))));
  const withRunDir = (v: string): string => expand(v).replace(/\$run_dir\b/g, runDir);
  return { runDir, adminSocket: withRunDir(pick('admin_socket', DEFAULT_ADMIN_SOCKET)), pidFile: withRunDir(pick('pid_file', DEFAULT_PID_FILE)) };
}

/** Fills in the per-process metavariables. */
export function expandProcessVars(template: string, pid: number, cctid: string): string {
  return template.replace(/\$pid\b/g, String(pid)).replace(/\$cctid\b/g, cctid);
}

/** A matcher for the files a template can expand to once $pid/$cctid are filled in: how
 *  `ceph daemon <name>` finds a running daemon's socket whose name carries its pid. */
export function templateMatcher(template: string): { dir: string; test(file: string): { pid?: number } | undefined } {
  const slash = template.lastIndexOf('/');
  const dir = template.slice(0, slash) || '/';
  const base = template.slice(slash + 1);
  const parts = base.split(/(\$pid\b|\$cctid\b)/);
  const pattern = parts.map((p) => (p === '$pid' ? '(?<pid>\\d+)' : p === '$cctid' ? '\\d+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  const re = new RegExp(`^${pattern}$`);
  return {
    dir,
    test(file) {
      const m = re.exec(file);
      if (!m) return undefined;
      return m.groups?.pid ? { pid: Number(m.groups.pid) } : {};
    },
  };
}
