// `rbd mirror pool enable|disable`: mode changes with rbd's informational lines, and the
// "mirroring enabled" check the other pool commands share.
import type { Backend } from '../backends/backend.js';
import type { MirrorMode } from '../backends/types.js';
import { Errno, RbdError, isRbdError, strerror } from '../errors.js';
import { openPool } from './open.js';
import type { ResolvedPool } from './specs.js';

/** rbd's validate_mirroring_enabled. */
export async function requireMirroringEnabled(backend: Backend, ref: ResolvedPool): Promise<void> {
  if (await backend.getMirrorMode(ref) === 'disabled') throw new RbdError(Errno.EINVAL, 'mirroring not enabled on the pool');
}

/** rbd's set_site_name (cluster-wide; '' removes it). */
export async function setSiteName(backend: Backend, name: string): Promise<void> {
  try {
    await backend.setSiteName(name);
  } catch (e) {
    if (isRbdError(e, Errno.EOPNOTSUPP)) throw new RbdError(e.errno, 'cluster does not support site names');
    // rbd really prints no separator before the error text.
    if (isRbdError(e)) throw new RbdError(e.errno, `failed to set site name${strerror(e.errno)}`);
    throw e;
  }
}

/** Lines rbd prints on stdout (exit 0) around a mode change. */
export type ModeNotes = string[];

export async function enablePoolMirroring(backend: Backend, ref: ResolvedPool, mode: string | undefined,
  opts: { siteName?: string }): Promise<ModeNotes> {
  if (mode !== 'image' && mode !== 'pool') throw new RbdError(Errno.EINVAL, "must specify 'image' or 'pool' mode.");
  await openPool(backend, ref);
  let updated = false;
  if (opts.siteName !== undefined) {
    updated = opts.siteName !== await backend.getSiteName();
    await setSiteName(backend, opts.siteName);
  }
  return changeMode(backend, ref, mode, updated);
}

export async function disablePoolMirroring(backend: Backend, ref: ResolvedPool): Promise<ModeNotes> {
  await openPool(backend, ref);
  return changeMode(backend, ref, 'disabled', false);
}

/** rbd's execute_enable_disable. quiet: the site name just changed, so "already" is not said. */
async function changeMode(backend: Backend, ref: ResolvedPool, next: MirrorMode, quiet: boolean): Promise<ModeNotes> {
  const current = await backend.getMirrorMode(ref);
  if (current === next) {
    if (quiet) return [];
    return [next === 'disabled' ? 'rbd: mirroring is already disabled' : `rbd: mirroring is already configured for ${next} mode`];
  }
  const notes: ModeNotes = [];
  if (current === 'pool' && next === 'image') notes.push('note: changing mirroring mode from pool to image');
  if (current === 'image' && next === 'pool') notes.push('note: changing mirroring mode from image to pool');
  await backend.setMirrorMode(ref, next);
  return notes;
}
