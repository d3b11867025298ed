// Whether argv is a completion request from the shell script `rbd completion` prints (kept apart
// so main does not load the completion code for other calls). The flag keeps yargs' name so
// scripts installed from older versions keep working.
export const COMPLETE_FLAG = '--get-yargs-completions';

export function isCompletionCall(argv: readonly string[]): boolean {
  return argv[0] === COMPLETE_FLAG;
}
