// Entry of the bundled `rbd` router (dist/rbd.js), called by bin/rbd.js as `rbd` or `rbdm`: it
// parses the line and runs the command from the command's own bundle (bundle-dispatch.ts).
import { basename } from 'node:path';
import { COMMANDS } from '../../commands/index.js';
import { bundleCompletion, bundleDispatch, type BundleLoader } from './bundle-dispatch.js';
import { exitWhenIdle } from './exit-when-idle.js';
import { processIo } from './io.js';
import { reportFailure } from './report-failure.js';
import { RBD_HELP, route } from './route.js';

export async function run(argv: string[], load: BundleLoader): Promise<void> {
  const io = { ...processIo(), program: programName(process.argv[1]) };
  const binary = {
    dispatch: bundleDispatch(load, 'rbd', io, COMMANDS),
    complete: bundleCompletion(load),
    report: reportFailure,
    help: RBD_HELP,
  };
  // (a closed pipe, `rbd ... | head`, ends the call with status 0: fd-output.ts)
  exitWhenIdle(await route(argv, io, COMMANDS, binary));
}

/** `rbdm` when installed under that name (npm link beside Ceph's rbd), else `rbd`. */
function programName(script: string | undefined): string {
  return basename(script ?? '').startsWith('rbdm') ? 'rbdm' : 'rbd';
}
