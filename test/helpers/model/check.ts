// Convergence and comparison: the primary must equal the model at once; the non-primary must
// come to equal it (size, user snapshot names, `rbd export` of the head and of every user
// snapshot) within a deadline, while its status says it replays. Snapshot mode converges on a
// mirror snapshot, so one is taken first as the sync point.
import { waitFor } from '../daemon.js';
import { humanBytes, other, size, type ImageModel, type Site } from './model.js';
import type { World } from './world.js';

export class Divergence extends Error {
  constructor(readonly image: string, readonly detail: string) {
    super(`${image}: ${detail}`);
  }
}

function firstDifference(actual: Buffer, expected: Buffer): string | undefined {
  if (actual.equals(expected)) return undefined;
  if (actual.length !== expected.length) return `${actual.length} bytes, expected ${expected.length}`;
  let i = 0;
  while (actual[i] === expected[i]) i++;
  let j = i;
  while (j < actual.length && actual[j] !== expected[j]) j++;
  return `first difference at byte ${i} (${humanBytes(i - (i % 4096))}+${i % 4096}), differing run of ${j - i} bytes`;
}

interface SnapEntry { id: number; name: string; namespace?: { type: string; primary_snap_id?: number; complete?: boolean } }

/** `rbd snap ls --all`: user snapshots and mirror snapshots in one call. */
export function listSnaps(w: World, site: Site, image: string): Promise<SnapEntry[]> {
  return w.json<SnapEntry[]>(site, 'snap', 'ls', '--all', w.spec(image));
}

/** What differs between one site's copy and the model ('' when nothing): user snapshot names,
 *  then `rbd export` of the head (its length is the size) and of every user snapshot, in parallel. */
export async function diffSite(w: World, site: Site, m: ImageModel, snaps?: SnapEntry[]): Promise<{ diff: string; exports: number }> {
  const list = snaps ?? await listSnaps(w, site, m.name);
  const names = list.filter((s) => s.namespace?.type === 'user').map((s) => s.name).sort();
  const want = [...m.snaps.keys()].sort();
  if (names.join(',') !== want.join(',')) return { diff: `user snapshots [${names}], expected [${want}]`, exports: 0 };
  const parts: Array<[string | undefined, Buffer]> = [[undefined, m.head], ...[...m.snaps].map(([n, b]) => [n, b] as [string, Buffer])];
  const diffs = await Promise.all(parts.map(async ([snap, expected]) => {
    const d = firstDifference(await w.exportBytes(site, m.name, snap), expected);
    return d && `export ${snap ? `@${snap}` : 'head'}: ${d}`;
  }));
  return { diff: diffs.filter(Boolean).join('; '), exports: parts.length };
}

interface Status { state: string; description: string }

export interface ConvergeOptions {
  deadlineMs: number;
  /** A non-primary stuck in up+error (same description), or caught up by its status and still
   *  different from the model, this long is a divergence already. */
  errorGraceMs: number;
  log?: (line: string) => void;
}

/** Waits until the non-primary equals the model; throws Divergence otherwise. Returns the exports compared. */
export async function checkConverged(w: World, m: ImageModel, opts: ConvergeOptions): Promise<number> {
  const primary = m.primary;
  const secondary = other(primary);
  // snapshot mode: a mirror snapshot is the sync point (`Snapshot ID: <n>`); it leaves the
  // user snapshots and the head alone, so the primary is compared meanwhile
  const [p, synced] = await Promise.all([
    diffSite(w, primary, m),
    m.mode === 'snapshot'
      ? w.rbd(primary, 'mirror', 'image', 'snapshot', w.spec(m.name)).then((out) => Number(/Snapshot ID: (\d+)/.exec(out)![1]))
      : undefined,
  ]);
  if (p.diff) throw new Divergence(m.name, `primary ${primary} differs from the model: ${p.diff}`);
  let exports = p.exports;

  let last = '';
  /** Set when waiting longer is pointless (waitFor retries on a throw, so this ends the wait). */
  let stuck: string | undefined;
  let error: { description: string; since: number } | undefined;
  const replaying = async (): Promise<string> => {
    const s = await w.json<Status>(secondary, 'mirror', 'image', 'status', w.spec(m.name));
    if (s.state === 'up+error') {
      if (error?.description !== s.description) error = { description: s.description, since: Date.now() };
      if (Date.now() - error.since > opts.errorGraceMs) stuck = `stuck in up+error for ${opts.errorGraceMs} ms: ${s.description}`;
    } else error = undefined;
    if (s.state !== 'up+replaying') return `status ${s.state} ${s.description}`;
    if (m.mode === 'journal' && !/"entries_behind_primary":0[,}]/.test(s.description)) return `journal behind: ${s.description}`;
    return '';
  };
  /** Since when the copy has differed while it says it is caught up. */
  let differsSince: number | undefined;
  const started = Date.now();
  const waits = new Map<string, number>();
  try {
    await waitFor(async () => {
      const [why, snaps] = await Promise.all([replaying(), listSnaps(w, secondary, m.name)]);
      if (stuck) return true;
      last = why;
      if (!last && synced !== undefined && !snaps.some((x) => x.namespace?.primary_snap_id === synced && x.namespace.complete)) {
        last = `mirror snapshot ${synced} not yet copied`;
      }
      if (last) {
        differsSince = undefined;
        const key = last.replace(/[0-9]+/g, 'N').slice(0, 60);
        waits.set(key, (waits.get(key) ?? 0) + 1);
        return false;
      }
      const d = await diffSite(w, secondary, m, snaps);
      exports += d.exports;
      last = d.diff;
      if (!d.diff) return true;
      differsSince ??= Date.now();
      if (Date.now() - differsSince > opts.errorGraceMs) stuck = `caught up by its status but still differs after ${opts.errorGraceMs} ms: ${d.diff}`;
      return !!stuck;
    }, opts.deadlineMs, `${m.name} converged`, 400);
  } catch {
    stuck = `did not converge within ${opts.deadlineMs} ms: ${last}`;
  }
  if (stuck) {
    const status = await w.run(secondary, 'mirror', 'image', 'status', w.spec(m.name)).then((r) => r.stdout.trim() || r.stderr.trim());
    throw new Divergence(m.name, `non-primary ${secondary} ${stuck}\nits status:\n${status}`);
  }
  opts.log?.(`  ${m.name} converged in ${Date.now() - started} ms; waited on: ${[...waits].map(([k, n]) => `${n} x ${k}`).join(' | ') || '-'}`);
  return exports;
}
