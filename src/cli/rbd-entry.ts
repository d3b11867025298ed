// Entry of the bundled `rbd` binary (dist/rbd.js), called by bin/rbd.js as `rbd` or `rbdm`.
import { basename } from 'node:path';
import { COMMANDS } from '../../commands/index.js';
import { exitWhenIdle } from './exit-when-idle.js';
import { processIo } from './io.js';
import { main } from './main.js';

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  // (a closed pipe, `rbd ... | head`, ends the call with status 0: fd-output.ts)
  exitWhenIdle(await main(argv, { ...processIo(), program: programName(process.argv[1]) }, COMMANDS));
}

/** `rbdm` when installed under that name (npm link beside Ceph's rbd), else `rbd`. */
function programName(script: string | undefined): string {
  return basename(script ?? '').startsWith('rbdm') ? 'rbdm' : 'rbd';
}
