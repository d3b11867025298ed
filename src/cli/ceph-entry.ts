// Entry of the bundled `ceph` router (dist/ceph.js), called by bin/ceph.js: it parses the line
// and runs the command from the command's own bundle (bundle-dispatch.ts).
import { CEPH_COMMANDS } from '../../commands/ceph/index.js';
import { bundleCompletion, bundleDispatch, type BundleLoader } from './bundle-dispatch.js';
import { reportCephFailure } from './ceph-failure.js';
import { CEPH_HELP } from './ceph-help.js';
import { exitWhenIdle } from './exit-when-idle.js';
import { processIo } from './io.js';
import { route } from './route.js';

/** `ceph -s` / `--status` is `ceph status`, wherever on the line; `--admin-daemon <socket>`
 *  is `ceph daemon <socket>` (the path kept a path: `./` before a bare file name). */
export function cephArgv(argv: readonly string[]): string[] {
  const at = argv.findIndex((a) => a === '--admin-daemon' || a.startsWith('--admin-daemon='));
  if (at >= 0) {
    const inline = argv[at]!.startsWith('--admin-daemon=');
    const socket = inline ? argv[at]!.slice('--admin-daemon='.length) : argv[at + 1] ?? '';
    const rest = [...argv.slice(0, at), ...argv.slice(at + (inline ? 1 : 2))];
    return ['daemon', socket.includes('/') ? socket : `./${socket}`, ...rest];
  }
  const status = argv.some((a) => a === '-s' || a === '--status');
  return status ? ['status', ...argv.filter((a) => a !== '-s' && a !== '--status')] : [...argv];
}

export async function run(argv: string[], load: BundleLoader): Promise<void> {
  const io = processIo();
  const binary = {
    dispatch: bundleDispatch(load, 'ceph', io, CEPH_COMMANDS),
    complete: bundleCompletion(load),
    report: reportCephFailure,
    help: CEPH_HELP,
  };
  // (a closed pipe, `ceph ... | head`, ends the call with status 0: fd-output.ts)
  exitWhenIdle(await route(cephArgv(argv), io, CEPH_COMMANDS, binary));
}
