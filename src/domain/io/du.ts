// `rbd du [<image-spec>[@<snap>]]` (tools/rbd/action/DiskUsage.cc): provisioned and used bytes
// of each image and each of its snapshots (used = what changed since the previous snapshot,
// counted in whole objects with fast-diff, as rbd_diff_iterate2 whole_object reports them).
import type { Backend } from '../../backends/backend.js';
import { Errno, RbdError, strerror } from '../../errors.js';
import { openImage, openPool } from '../open.js';
import type { ResolvedImage, ResolvedPool } from '../specs.js';

export interface DuRow {
  name: string;
  id: string;
  snapshot?: string;
  snapshotId?: number;
  provisioned: number;
  used: number;
}

export interface DiskUsage {
  rows: DuRow[];
  totalProvisioned: number;
  totalUsed: number;
  /** `warning: fast-diff map is not enabled for <image>. operation may be slow.` lines. */
  warnings: string[];
}

export interface DuOptions { fromSnap?: string; exact: boolean }

export async function diskUsage(backend: Backend, target: ResolvedPool | (ResolvedImage & { snap?: string }),
  opts: DuOptions): Promise<DiskUsage> {
  const single = 'image' in target && target.image !== '';
  let names: string[];
  if (single) {
    await openImage(backend, target);
    names = [target.image];
  } else {
    await openPool(backend, target);
    names = [...(await backend.listImages(target))].sort();
  }
  const result: DiskUsage = { rows: [], totalProvisioned: 0, totalUsed: 0, warnings: [] };
  for (const name of names) {
    const ref = { pool: target.pool, namespace: target.namespace, image: name };
    const info = await backend.imageInfo(ref);
    if (!info.features.includes('fast-diff')) {
      result.warnings.push(`warning: fast-diff map is not enabled for ${name}. operation may be slow.`);
    }
    const snaps = (await backend.listSnaps(ref)).filter((s) => s.namespace.type === 'user');
    const stopAt = single ? (target as { snap?: string }).snap : undefined;
    if (stopAt && !snaps.some((s) => s.name === stopAt)) {
      throw new RbdError(Errno.ENOENT, `error setting snapshot context: ${strerror(Errno.ENOENT)}`);
    }
    if (opts.fromSnap !== undefined && !snaps.some((s) => s.name === opts.fromSnap)) {
      throw new RbdError(Errno.ENOENT, `from snapshot '${opts.fromSnap}' does not exist`);
    }
    const used = async (fromSnap: string | undefined, snap: string | undefined): Promise<number> => {
      const extents = await backend.diffImage(ref, { ...(fromSnap ? { fromSnap } : {}), ...(snap ? { snap } : {}), wholeObject: !opts.exact });
      return extents.reduce((n, e) => n + (e.exists ? e.length : 0), 0);
    };
    // Rows start after --from-snap; each snapshot's usage is relative to the one before it.
    let last: string | undefined;
    let counting = opts.fromSnap === undefined;
    for (const s of snaps) {
      if (counting) {
        const u = await used(last, s.name);
        result.rows.push({ name, id: info.id, snapshot: s.name, snapshotId: s.id, provisioned: s.size, used: u });
        result.totalUsed += u;
      }
      if (s.name === opts.fromSnap) counting = true;
      last = s.name;
      if (stopAt === s.name) break;
    }
    if (!stopAt) {
      const u = await used(last, undefined);
      result.rows.push({ name, id: info.id, provisioned: info.size, used: u });
      result.totalUsed += u;
    }
    result.totalProvisioned += info.size;
  }
  return result;
}
