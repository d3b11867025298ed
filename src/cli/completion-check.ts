// Whether argv asks for shell completion (kept apart so the check does not load yargs).
export function isCompletionCall(argv: readonly string[]): boolean {
  return argv[0] === 'completion' || argv.includes('--get-yargs-completions');
}
