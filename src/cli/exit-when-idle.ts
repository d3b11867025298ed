// The end of a CLI call. Node's orderly exit (run the loop dry, fire a pending GC task, free
// the heap and the isolate) costs every call a few ms (the GC task alone 2-3 ms). process.exit() skips
// it, but only when nothing is left to run: `rbd export img - | ...` can still have a write to
// the pipe in flight when main() returns, and that one exits the slow way, after the write.
export function exitWhenIdle(exitCode: number): void {
  process.exitCode = exitCode;
  if (process.getActiveResourcesInfo().length === 0) process.exit();
}
