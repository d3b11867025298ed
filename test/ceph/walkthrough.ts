// The seed guide's walkthrough as data: each step is one `rbd` invocation against site-a or
// site-b, run by either Debian's real rbd or ours (`--backend ceph`), recorded step by step so the
// walkthrough and differential suites can assert on it.
import { childEnv, RBD_BIN, runProcess, tempHome } from '../helpers/rbd.js';
import { createPoolOnBothSites, REAL_RBD, realRbd, waitFor } from './lab.js';

export type Flavour = 'real' | 'ours';
export interface StepResult { step: string; args: string[]; code: number; stdout: string; stderr: string; json?: unknown }

const home = tempHome('rbdm-ceph-');

export function runRbd(flavour: Flavour, args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, argv, env] = flavour === 'real'
    ? [REAL_RBD, args, { ...process.env }]
    : [process.execPath, [RBD_BIN, '--backend', 'ceph', ...args], childEnv(home, { RBDM_BACKEND: 'ceph' })];
  return runProcess(cmd, argv, { env, stdin });
}

/** Pools are per flavour so the two runs never touch each other's state. */
export const poolFor = (flavour: Flavour, tag: string) => `wt-${flavour}-${tag}`;

/** Runs the whole walkthrough for one flavour; returns every step's result in order. */
export async function walkthrough(flavour: Flavour, pool: string): Promise<StepResult[]> {
  const out: StepResult[] = [];
  const A = ['--cluster', 'site-a'];
  const B = ['--cluster', 'site-b'];
  const step = async (name: string, args: string[], stdin = ''): Promise<StepResult> => {
    const r = await runRbd(flavour, args, stdin);
    let json: unknown;
    if (args.includes('json') && r.code === 0) {
      try { json = JSON.parse(r.stdout); } catch { json = '<invalid JSON>'; }
    }
    const res = { step: name, args, ...r, json };
    out.push(res);
    return res;
  };
  const j = `${pool}/image-1`;
  const s = `${pool}/image-2`;

  await createPoolOnBothSites(pool);
  await step('A pool enable', [...A, 'mirror', 'pool', 'enable', '--site-name', 'site-a', pool, 'image']);
  await step('B pool enable', [...B, 'mirror', 'pool', 'enable', '--site-name', 'site-b', pool, 'image']);
  await step('A pool enable again', [...A, 'mirror', 'pool', 'enable', pool, 'image']);
  await step('A pool info (no peers)', [...A, 'mirror', 'pool', 'info', pool, '--format', 'json']);
  const tok = await step('A bootstrap create', [...A, 'mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', pool]);
  await step('B bootstrap import (stdin)', [...B, 'mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b',
    '--direction', 'rx-tx', pool, '-'], tok.stdout);
  await step('B pool info', [...B, 'mirror', 'pool', 'info', pool, '--format', 'json']);
  await step('B pool info --all', [...B, 'mirror', 'pool', 'info', '--all', pool, '--format', 'json']);
  await step('A pool info (tx half registered)', [...A, 'mirror', 'pool', 'info', pool, '--format', 'json']);

  // images are set-up, not under test: Debian's rbd creates them for both runs
  await realRbd(...A, 'create', '--size', '16M', '--image-feature', 'layering,exclusive-lock,journaling', j);
  await realRbd(...A, 'create', '--size', '16M', s);
  await step('A image enable journal', [...A, 'mirror', 'image', 'enable', j, 'journal']);
  await step('A image enable snapshot', [...A, 'mirror', 'image', 'enable', s, 'snapshot']);
  await step('A image snapshot', [...A, 'mirror', 'image', 'snapshot', s]);
  await step('A image status (not found)', [...A, 'mirror', 'image', 'status', `${pool}/no-such-image`, '--format', 'json']);

  // both images replaying on site-b and seen as replaying from site-a (read with Debian's rbd)
  await waitFor(`${pool}: images replaying`, async () => {
    const st = (c: string) => realRbd('--cluster', c, 'mirror', 'pool', 'status', pool, '--verbose', '--format', 'json')
      .then((o) => JSON.parse(o) as { summary: { states: Record<string, number> }; images: { daemon_service?: unknown; peer_sites?: { state: string }[] }[] });
    const [a, b] = await Promise.all([st('site-a'), st('site-b')]);
    return b.summary.states.replaying === 2 && a.summary.states.replaying === 2
      && [...a.images, ...b.images].every((i) => i.daemon_service && i.peer_sites?.every((p) => p.state.startsWith('up+')));
  }, 150);
  await step('A image status journal', [...A, 'mirror', 'image', 'status', j, '--format', 'json']);
  await step('A image status snapshot', [...A, 'mirror', 'image', 'status', s, '--format', 'json']);
  await step('B image status journal', [...B, 'mirror', 'image', 'status', j, '--format', 'json']);
  await step('A pool status --verbose', [...A, 'mirror', 'pool', 'status', pool, '--verbose', '--format', 'json']);
  await step('B pool status --verbose', [...B, 'mirror', 'pool', 'status', pool, '--verbose', '--format', 'json']);
  await step('B pool status', [...B, 'mirror', 'pool', 'status', pool]);

  // planned failover of the snapshot image
  await step('A image demote', [...A, 'mirror', 'image', 'demote', s]);
  await step('A image demote again', [...A, 'mirror', 'image', 'demote', s]);
  let promote: StepResult | undefined;
  await waitFor(`${pool}: promote on site-b`, async () => {
    const r = await runRbd(flavour, [...B, 'mirror', 'image', 'promote', s]);
    if (r.code === 16 || r.code === 30) return false;   // demotion not propagated yet
    promote = { step: 'B image promote', args: [...B, 'mirror', 'image', 'promote', s], ...r };
    return true;
  }, 120);
  out.push(promote!);
  await step('B image promote again', [...B, 'mirror', 'image', 'promote', s]);
  await step('A pool info (missing pool)', [...A, 'mirror', 'pool', 'info', 'no-such-pool', '--format', 'json']);

  // planned failover of the whole pool: demote everything on site-a, promote it on site-b
  await step('A pool demote', [...A, 'mirror', 'pool', 'demote', pool]);
  let poolPromote: StepResult | undefined;
  await waitFor(`${pool}: pool promote on site-b`, async () => {
    const args = [...B, 'mirror', 'pool', 'promote', pool];
    const r = await runRbd(flavour, args);
    if (r.code !== 0 || !r.stdout.includes('Promoted 1 ')) return false;   // demotion not propagated yet
    poolPromote = { step: 'B pool promote', args, ...r };
    return true;
  }, 120);
  out.push(poolPromote!);
  await step('B image status journal (after failover)', [...B, 'mirror', 'image', 'status', j, '--format', 'json']);

  // the rest of the surface, on state that only this run owns
  await step('A peer add (second rx peer)', [...A, 'mirror', 'pool', 'peer', 'add', pool, 'client.x@site-c']);
  await step('A peer remove (unknown uuid)', [...A, 'mirror', 'pool', 'peer', 'remove', pool, '00000000-0000-0000-0000-000000000000']);
  await step('A schedule add (journal image)', [...A, 'mirror', 'snapshot', 'schedule', 'add', '--pool', pool, '--image', 'image-1', '1h']);
  await step('A schedule add (pool level)', [...A, 'mirror', 'snapshot', 'schedule', 'add', '--pool', pool, '2d', '14:00']);
  await step('A schedule ls (pool level)', [...A, 'mirror', 'snapshot', 'schedule', 'ls', '--pool', pool, '--format', 'json']);
  await step('A schedule ls (pool level, plain)', [...A, 'mirror', 'snapshot', 'schedule', 'ls', '--pool', pool]);
  await step('A schedule remove (pool level)', [...A, 'mirror', 'snapshot', 'schedule', 'remove', '--pool', pool, '2d', '14:00']);
  await step('A schedule ls (empty level)', [...A, 'mirror', 'snapshot', 'schedule', 'ls', '--pool', pool, '--format', 'json']);
  await step('B pool demote', [...B, 'mirror', 'pool', 'demote', pool]);
  await step('A image disable journal (non-primary)', [...A, 'mirror', 'image', 'disable', j]);
  await step('A image disable --force journal', [...A, 'mirror', 'image', 'disable', '--force', j]);
  await step('A image status (disabled)', [...A, 'mirror', 'image', 'status', j, '--format', 'json']);
  await step('A image resync (non-primary)', [...A, 'mirror', 'image', 'resync', s]);
  await step('A namespace create', [...A, 'namespace', 'create', `${pool}/ns1`]);
  await step('A pool info (namespace)', [...A, 'mirror', 'pool', 'info', `${pool}/ns1`, '--format', 'json']);
  await step('A pool disable (images enabled)', [...A, 'mirror', 'pool', 'disable', pool]);
  return out;
}

// ---- shapes: the key sets and value types of a JSON document ----

export type Shape = string | { [key: string]: Shape } | [Shape];

export function shapeOf(v: unknown): Shape {
  if (v === null) return 'null';
  if (Array.isArray(v)) {
    // the union of the elements' shapes (arrays of objects: every key seen in any element)
    let merged: Shape | undefined;
    for (const e of v) merged = merged === undefined ? shapeOf(e) : mergeShapes(merged, shapeOf(e));
    return [merged ?? 'empty'];
  }
  if (typeof v === 'object') {
    const o: Record<string, Shape> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = shapeOf(x);
    return o;
  }
  return typeof v;
}

function mergeShapes(a: Shape, b: Shape): Shape {
  if (typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const o: Record<string, Shape> = { ...a };
    for (const [k, x] of Object.entries(b)) o[k] = k in o ? mergeShapes(o[k]!, x) : x;
    return o;
  }
  if (Array.isArray(a) && Array.isArray(b)) return [a[0] === 'empty' ? b[0] : b[0] === 'empty' ? a[0] : mergeShapes(a[0], b[0])];
  return JSON.stringify(a) === JSON.stringify(b) ? a : `${String(a)}|${String(b)}`;
}

/** Every difference between two shapes as `path: real vs ours`. */
export function shapeDiff(real: Shape, ours: Shape, path = '$'): string[] {
  if (typeof real === 'string' || typeof ours === 'string') {
    if (real === 'empty' || ours === 'empty') return [];
    return JSON.stringify(real) === JSON.stringify(ours) ? [] : [`${path}: ${show(real)} vs ${show(ours)}`];
  }
  if (Array.isArray(real) || Array.isArray(ours)) {
    if (!(Array.isArray(real) && Array.isArray(ours))) return [`${path}: ${show(real)} vs ${show(ours)}`];
    return shapeDiff(real[0], ours[0], `${path}[]`);
  }
  const diffs: string[] = [];
  for (const k of new Set([...Object.keys(real), ...Object.keys(ours)])) {
    if (!(k in ours)) diffs.push(`${path}.${k}: present vs missing`);
    else if (!(k in real)) diffs.push(`${path}.${k}: missing vs present`);
    else diffs.push(...shapeDiff(real[k]!, ours[k]!, `${path}.${k}`));
  }
  return diffs;
}

const show = (s: Shape) => (typeof s === 'string' ? s : Array.isArray(s) ? 'array' : 'object');

/** Plain output with the run-specific parts (uuids, numbers, keys, times) masked. */
export function normalisePlain(text: string): string {
  return text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/^[A-Za-z0-9+/=]{40,}$/gm, '<token>')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>')
    .replace(/replaying, \{.*\}/g, 'replaying, {…}')
    .replace(/\d+/g, 'N');
}
