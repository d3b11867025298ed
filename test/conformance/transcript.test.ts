// Conformance: the recorded real rbd 16.2.15 runs of sections 0-4, 7 and 8 replayed in order on
// two local clusters; exit code, stdout (plain and JSON) and the `rbd: ...` stderr must match
// after normalisation, except for the records listed in KEPT (deliberate differences) and DAEMON
// (states that need a running rbd-mirror daemon or replicated data). Set RBDM_CONFORMANCE_REPORT
// to a file path to get every difference written out.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { normalise, parseTranscript, Replayer, stderrMatches, TRANSCRIPT, type Rec } from './transcript.js';
import { scaled } from '../helpers/slow.js';

const SECTIONS = new Set([0, 1, 2, 3, 4, 7, 8]);

async function createPool(r: Replayer, cluster: string, pool: string): Promise<void> {
  r.ceph(['--cluster', cluster, 'osd', 'pool', 'create', pool]);
  await r.rbd(['--cluster', cluster, 'pool', 'init', pool]);
}

/** Steps the recorder ran between records without recording them, keyed by the next heading. */
const SETUP: Record<string, (r: Replayer) => Promise<void>> = {
  // the lab's pools were made by `ceph osd pool create` before the recorded `rbd pool init`
  'rbd --cluster site-a pool init image-pool': async (r) => { r.ceph(['--cluster', 'site-a', 'osd', 'pool', 'create', 'image-pool']); },
  'rbd --cluster site-b pool init image-pool': async (r) => { r.ceph(['--cluster', 'site-b', 'osd', 'pool', 'create', 'image-pool']); },
  'stdin import into pool-2 which exists on site-b but NOT on site-a': async (r) => { await createPool(r, 'site-b', 'pool-2'); },
  'stdin import into pool-2 when site-a has pool-2 but mirroring there is disabled': async (r) => { await createPool(r, 'site-a', 'pool-2'); },
  'rbd --cluster site-a mirror pool enable peer-lab image': async (r) => { await createPool(r, 'site-a', 'peer-lab'); },
  // section 6, on the primary side only: image-3 disabled and re-enabled in snapshot mode
  'ls before any schedule': async (r) => {
    await r.rbd(['--cluster', 'site-a', 'mirror', 'image', 'disable', 'image-pool/image-3']);
    await r.rbd(['--cluster', 'site-a', 'mirror', 'image', 'enable', 'image-pool/image-3', 'snapshot']);
  },
  'import: garbage (not base64)': async (r) => {
    const token = readFileSync(`${r.lab}/tokens/site-a.token`, 'utf8').trim();
    const parts = JSON.parse(Buffer.from(token, 'base64').toString()) as Record<string, string>;
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    r.write('garbage.token', 'this is *not* base64!\n');
    r.write('nonjson.token', b64('hello, world') + '\n');
    r.write('partial.token', b64(JSON.stringify({ fsid: parts.fsid, client_id: parts.client_id })));
    r.write('array.token', b64(JSON.stringify([parts])));
    r.write('empty.token', '');
    r.write('badkey.token', b64(JSON.stringify({ ...parts, key: 'AQBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==' })));
    r.write('wrongfsid.token', b64(JSON.stringify({ ...parts, fsid: '00000000-1111-2222-3333-444444444444' })));
    r.write('nopad.token', token.replace(/=+$/, ''));
  },
};

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Records that may differ, by the transcript line of their command, with the reason. */
const DAEMON = 'needs a running rbd-mirror daemon (status, mirror_uuid, replicated copies, auto-registered peers, locks)';
const MAY_DIFFER: Record<number, string> = {
  819: 'rbd --version puts rbdm and its version where Ceph prints its commit hash',
  ...lines([1600, 1621, 1658, 1679], DAEMON),
  3507: 'a failing command changes nothing: real `mirror image enable ... journal` on a snapshot-mode image fails but leaves journaling on, so its next `feature enable journaling` fails',
  ...lines([3561, 3575], `${DAEMON}: the daemon unlinks the synced older snapshot (peer_uuids:[])`),
  ...lines([3759, 3781, 3816, 3832, 3875, 3904, 3945, 3973, 4016, 4038, 4073, 4095, 4130, 4152, 4187, 4212, 4263, 4276,
    4324, 4340, 4363, 4438, 4562, 4578, 4601, 4676, 4826, 4854], DAEMON),
  ...lines([8103, 8115, 8129, 8141], 'schedule status is immediate (real: empty until the mgr refreshes, up to 60 s)'),
  ...lines([8155, 8169, 8192, 8206], 'schedule status order follows the wall clock (ties when the next minute is a half hour)'),
  ...lines([8261, 8274, 8800], 'one-line errors: the mgr reason, without rbd\'s second line `invalid schedule status JSON received`'),
  8289: `${DAEMON}: scheduled snapshots are taken by the daemon`,
  ...lines([8522, 8557, 8634, 8725, 8829, 8845, 8912], '`0m` schedule intervals are refused (real persists it and breaks the mgr module)'),
  ...lines([9349, 11154, 11169, 11184, 11199, 11214, 11341], 'one-line errors: the default-pool hint folded into the rbd: line'),
  9404: DAEMON,
  ...lines([9432, 9616, 9800, 9984], 'the global usage lists the commands rbdm implements, a subset of rbd\'s'),
  ...lines([10418, 10440, 10654, 10680, 10694, 10722, 10744, 10820, 10861], DAEMON),
  ...lines([11424, 11445], 'the local backend names clusters by --cluster; a -c file does not select one'),
  ...lines([169, 547], 'help lists the rbdm additions (--watch, --interval) in a section of their own after rbd\'s options'),
  726: 'the global usage lists rbdm\'s added commands (mirror pool health, mirror image health)',
  ...lines([8229, 8242], 'rbdm addition: with no rbd-mirror running (none in this replay) schedule status says on stderr that nothing takes the snapshots'),
};

/** Real rbd's own `rbd:` line says it all (`mirror peer <uuid> does not exist`); the librbd
 *  log line beside it repeats the failure, so ours is that line alone. */
const OWN_LINE_SUFFICES = new Set([2437]);

function lines(at: number[], why: string): Record<number, string> {
  return Object.fromEntries(at.map((l) => [l, why]));
}

export interface Difference { rec: Rec; what: string[]; ours: { code: number; stdout: string; stderr: string } }

async function replay(): Promise<{ diffs: Difference[]; compared: number; skipped: Rec[] }> {
  const recs = parseTranscript(readFileSync(TRANSCRIPT, 'utf8')).filter((r) => SECTIONS.has(r.section));
  const r = new Replayer();
  r.write('fake-remote.key', 'AQBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n');
  const diffs: Difference[] = [];
  const done = new Set<string>();
  let compared = 0;
  const skipped: Rec[] = [];
  const uuids = new Map<string, string>();
  for (const rec of recs) {
    if (!done.has(rec.heading)) { done.add(rec.heading); await SETUP[rec.heading]?.(r); }
    let command = rec.command;
    for (const [real, mine] of uuids) command = command.replaceAll(real, mine);
    const ours = await r.run(command);
    if (!ours) { skipped.push(rec); continue; }
    // the recorded peer UUIDs become ours where both printed them in the same places
    const realIds = rec.stdout.match(UUID) ?? [];
    const ourIds = ours.stdout.match(UUID) ?? [];
    if (realIds.length === ourIds.length) realIds.forEach((id, i) => uuids.set(id, ourIds[i]!));
    compared++;
    const what: string[] = [];
    if (ours.code !== rec.code) what.push(`exit ${ours.code} != ${rec.code}`);
    if (normalise(ours.stdout) !== normalise(rec.stdout)) what.push('stdout');
    if (!stderrMatches(rec.stderr, ours.stderr, OWN_LINE_SUFFICES.has(rec.line))) what.push('stderr');
    if (what.length) diffs.push({ rec, what, ours });
  }
  return { diffs, compared, skipped };
}

function report(diffs: (Difference & { why?: string })[]): string {
  return diffs.map(({ rec, what, ours, why }) => [
    `### [${rec.section}] L${rec.line} ${rec.heading}`, `$ ${rec.command}`, `differs: ${what.join(', ')}`, `allowed: ${why ?? 'NO'}`,
    `--- real (exit ${rec.code})`, normalise(rec.stdout) + (rec.stderr ? `[stderr]\n${normalise(rec.stderr)}` : ''),
    `--- ours (exit ${ours.code})`, normalise(ours.stdout) + (ours.stderr ? `[stderr]\n${normalise(ours.stderr)}` : ''),
  ].join('\n')).join('\n\n') + '\n';
}

describe.runIf(existsSync(TRANSCRIPT))('conformance with the real rbd transcript', () => {
  test('replay', async () => {
    const { diffs, compared, skipped } = await replay();
    if (process.env.RBDM_CONFORMANCE_REPORT) {
      const head = `compared ${compared}, skipped ${skipped.length} (not rbd): ${skipped.map((r) => `L${r.line}`).join(' ')}\n` +
        `differences ${diffs.length}, of them not allowed ${diffs.filter((d) => !MAY_DIFFER[d.rec.line]).length}\n\n`;
      writeFileSync(process.env.RBDM_CONFORMANCE_REPORT, head + report(diffs.map((d) => ({ ...d, why: MAY_DIFFER[d.rec.line] }))));
    }
    expect(compared).toBeGreaterThan(300);
    const unexpected = diffs.filter((d) => !MAY_DIFFER[d.rec.line]);
    expect(unexpected.map((d) => `L${d.rec.line} ${d.rec.command}: ${d.what.join(', ')}`)).toEqual([]);
  }, scaled(120_000));
});
