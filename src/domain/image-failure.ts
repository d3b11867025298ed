// How the image commands report a librbd refusal: rbd's own summary line (`rbd: create error:
// (22) Invalid argument`) followed by the reason librbd logged. Real rbd prints that reason as a
// separate Ceph log line; rbdm keeps one line: `rbd: <summary>: <reason>`.
import { RbdError, strerror } from '../errors.js';
import type { ProgressMeter } from './io/streams.js';

/** Progress of a one-step operation (`Removing image: 100% complete...done.` on a terminal's stderr). */
export type Progress = Pick<ProgressMeter, 'finish' | 'fail'>;

/** Rethrows a backend failure with rbd's summary line. `quiet` errnos are ones librbd does not
 *  log: only the summary is printed. */
export function librbdFailure(e: unknown, summary: string, quiet: readonly number[] = []): never {
  if (!(e instanceof RbdError)) throw e;
  const line = `${summary}: ${strerror(e.errno)}`;
  throw new RbdError(e.errno, quiet.includes(e.errno) || !e.message ? line : `${line}: ${e.message}`);
}

/** Runs one librbd operation inside a progress report, as utils::ProgressContext does. */
export async function withProgress<T>(progress: Progress, op: () => Promise<T>): Promise<T> {
  try {
    const result = await op();
    progress.finish();
    return result;
  } catch (e) {
    progress.fail();
    throw e;
  }
}
