// Entry of the bundled `rbd` binary (dist/rbd.js), called by bin/rbd.js as `rbd` or `rbdm`.
import { basename } from 'node:path';
import { COMMANDS } from '../../commands/index.js';
import { processIo } from './io.js';
import { main } from './main.js';

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  // A closed pipe (`rbd ... | head`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); });
  process.exitCode = await main(argv, { ...processIo(), program: programName(process.argv[1]) }, COMMANDS);
}

/** `rbdm` when installed under that name (npm link beside Ceph's rbd), else `rbd`. */
function programName(script: string | undefined): string {
  return basename(script ?? '').startsWith('rbdm') ? 'rbdm' : 'rbd';
}
