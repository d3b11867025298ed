// `ceph help` / `ceph -h` and `ceph help <words>` in the ceph CLI's layout: its general usage,
// then the commands as the monitor lists them (`<signature> :  <help>`), rbdm's subset.
import { signature } from './ceph-failure.js';
import type { AnyCommand } from './define.js';

const GENERAL = `
 General usage: 
 ==============
usage: ceph [-h] [-c CEPHCONF] [--id CLIENT_ID] [--name CLIENT_NAME]
            [--cluster CLUSTER] [--admin-daemon ADMIN_SOCKET] [-s]
            [-f {json,json-pretty,plain}] [-o OUTPUT_FILE] [--version]

Ceph administration tool (rbdm: the subset an rbd-mirror operator uses)

optional arguments:
  -h, --help            request mon help
  -c CEPHCONF, --conf CEPHCONF
                        ceph configuration file
  --id CLIENT_ID, --user CLIENT_ID
                        client id for authentication
  --name CLIENT_NAME, -n CLIENT_NAME
                        client name for authentication
  --cluster CLUSTER     cluster name
  --admin-daemon ADMIN_SOCKET
                        submit admin-socket commands ("help" for help)
  -s, --status          show cluster status
  -f {json,json-pretty,plain}, --format {json,json-pretty,plain}
  -o OUTPUT_FILE, --out-file OUTPUT_FILE
  --version, -v         display version

 Local commands: 
 ===============

daemon {type.id|path} <cmd>
                        Same as --admin-daemon, but auto-find admin socket

`;

function lines(commands: readonly AnyCommand[]): string {
  return [...commands].sort((a, b) => a.path.join(' ').localeCompare(b.path.join(' '))).map((c) => `${signature(c)}\n`).join('');
}

export function cephUsage(commands: readonly AnyCommand[]): string {
  const monitor = commands.filter((c) => c.path[0] !== 'daemon');
  return `${GENERAL} Monitor commands: \n =================\n${lines(monitor)}`;
}

/** `ceph help auth`: the commands that start with those words; undefined when none does. */
export function cephCommandHelp(words: readonly string[], commands: readonly AnyCommand[]): string | undefined {
  const matching = commands.filter((c) => words.every((w, i) => c.path[i] === w));
  return matching.length ? `\n${lines(matching)}` : undefined;
}

export const CEPH_HELP = { global: cephUsage, command: cephCommandHelp };
