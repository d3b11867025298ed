// Entry of the bundled `ceph` binary (dist/ceph.js), called by bin/ceph.js.
import { CEPH_COMMANDS } from '../../commands/ceph/index.js';
import { reportCephFailure } from './ceph-failure.js';
import { processIo } from './io.js';
import { main } from './main.js';

/** `ceph -s` / `--status` is `ceph status`, wherever on the line. */
export function cephArgv(argv: readonly string[]): string[] {
  const status = argv.some((a) => a === '-s' || a === '--status');
  return status ? ['status', ...argv.filter((a) => a !== '-s' && a !== '--status')] : [...argv];
}

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  // (a closed pipe, `ceph ... | head`, ends the call with status 0: fd-output.ts)
  process.exitCode = await main(cephArgv(argv), processIo(), CEPH_COMMANDS, reportCephFailure);
}
