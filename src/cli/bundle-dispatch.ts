// How a router bundle (dist/rbd.js, dist/ceph.js) runs a command: it loads the command's own
// bundle, so a call compiles the parser and the one command it runs, not all of them; a
// completion call loads dist/completion.js (which reads the clusters for names).
import type { BundleRun } from './command-bundle.js';
import type { AnyCommand } from './define.js';
import type { Io } from './io.js';
import type { Complete, Dispatch } from './route.js';

/** Loads dist/<name>.js (bin/load-bundle.js) and returns its exports. */
export type BundleLoader = (name: string) => unknown;

/** The bundle of a command: `rbd.mirror-pool-info` (scripts/build.mjs names them the same way). */
export function commandBundleName(binary: string, path: readonly string[]): string {
  return `${binary}.${path.join('-')}`;
}

export function bundleDispatch(load: BundleLoader, binary: string, io: Io, commands: readonly AnyCommand[]): Dispatch {
  return async ({ command, ...call }) => {
    const bundle = load(commandBundleName(binary, command.path)) as { runCall: BundleRun };
    return bundle.runCall(call, io, commands);
  };
}

export function bundleCompletion(load: BundleLoader): Complete {
  return (argv, io, commands) => (load('completion') as { runCompletion: Complete }).runCompletion(argv, io, commands);
}
