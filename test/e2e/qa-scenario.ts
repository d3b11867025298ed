// Ceph's mirroring QA (qa/workunits/rbd/rbd_mirror_journal.sh, rbd_mirror_snapshot.sh) as a list
// of steps run in order on two local clusters with an rbd-mirror daemon per site. After every
// step each tracked image is brought in sync (journal: replayed; snapshot: a mirror snapshot
// copied) and `rbd export` sha256 of the head and of every user snapshot must match on both
// sites. A scenario is a plain array of steps, so the life-cycle steps other work adds (rename,
// trash, image-meta, snap rename, protect, clone, flatten) slot in where Ceph's scripts have them.
// Every wait is a bounded poll (helpers/daemon.ts waitFor, scaled by helpers/slow.ts).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDaemon, waitFor, type DaemonHandle } from '../helpers/daemon.js';
import { createLocalBackend } from '../../src/backends/local/index.js';
import type { Backend } from '../../src/backends/backend.js';
import type { SiteStatus } from '../../src/backends/types.js';
import { siteStateText } from '../../src/rules/site-state.js';
import { cephIn, childEnv } from '../helpers/rbd.js';
import { ON_CEPH, sites, type SiteName, type SiteRunner, type Sites } from '../helpers/sites.js';
import { scaled } from '../helpers/slow.js';

export type Mode = 'journal' | 'snapshot';

/** What the steps share: the sites, the pool, the daemons, and where each image is primary. */
export interface Qa {
  readonly s: Sites;
  readonly mode: Mode;
  readonly pool: string;
  /** Images whose copies must match after each step, with the site holding the primary. */
  readonly images: Map<string, SiteName>;
  readonly daemons: Map<SiteName, DaemonHandle>;
  /** Wall time of named parts (the failover loop), for the report. */
  readonly timings: Record<string, number>;
}

export interface Step {
  /** Ceph's `testlog "TEST: ..."` line this follows. */
  name: string;
  /** Only in this mode (Ceph's journal-only steps), else both. */
  only?: Mode;
  run(q: Qa): Promise<void>;
}

/** Daemon options as Ceph's QA sets them, the state check interval at its minimum (1 s; QA: 5 s)
 *  so the 20 failover rounds wait 40 s in total for it. The test helpers' restart override is
 *  cleared so the option is what the daemon uses. */
const DAEMON_ARGS = ['--rbd-mirror-image-state-check-interval', '1', '--rbd-mirror-journal-poll-age', '1'];
const DAEMON_ENV = { RBDM_DAEMON_RESTART_MS: '' };

export const other = (site: SiteName): SiteName => (site === 'site-a' ? 'site-b' : 'site-a');
export const spec = (q: Qa, image: string) => `${q.pool}/${image}`;
export const run = (q: Qa, site: SiteName): SiteRunner => q.s.site(site);

export function startSite(q: Qa, site: SiteName): void {
  if (!q.daemons.has(site)) q.daemons.set(site, startDaemon(q.s.home, site, { args: DAEMON_ARGS, env: DAEMON_ENV }));
}
export async function stopSite(q: Qa, site: SiteName): Promise<void> {
  const d = q.daemons.get(site);
  q.daemons.delete(site);
  if (d) expect(await d.stop()).toBe(0);
}

export async function sha(q: Qa, site: SiteName, what: string): Promise<string> {
  const file = join(q.s.home, `export-${site}-${Date.now()}-${Math.random().toString(36).slice(2)}.raw`);
  await run(q, site).ok(['export', `${q.pool}/${what}`, file]);
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
  rmSync(file);
  return digest;
}

export async function write(q: Qa, image: string, total = '64K'): Promise<void> {
  await run(q, q.images.get(image)!)('bench', '--io-type', 'write', '--io-size', '4K', '--io-total', total, '--io-pattern', 'rand', spec(q, image));
}

export async function createImage(q: Qa, site: SiteName, image: string, size = '4M'): Promise<void> {
  const features = q.mode === 'journal' ? 'layering,exclusive-lock,journaling' : 'layering,exclusive-lock,object-map,fast-diff';
  await run(q, site)('create', '--size', size, '--object-size', '1M', '--image-feature', features, spec(q, image));
  await run(q, site)('mirror', 'image', 'enable', spec(q, image), q.mode);
  q.images.set(image, site);
}

export const status = (q: Qa, site: SiteName, image: string) => run(q, site).json('mirror', 'image', 'status', spec(q, image));
export const imageId = async (q: Qa, site: SiteName, image: string): Promise<string> => (await run(q, site).json('info', spec(q, image))).id;
const userSnaps = async (q: Qa, site: SiteName, image: string): Promise<string[]> =>
  (await run(q, site).json('snap', 'ls', spec(q, image))).map((x: { name: string }) => x.name);

/** Reads a site's store in-process for the polls (a spawned `rbd` per poll costs a second on a
 *  loaded box; forty failovers poll hundreds of times). What a step asserts goes through `rbd`. */
async function observe<T>(q: Qa, site: SiteName, fn: (b: Backend) => Promise<T>): Promise<T> {
  const backend = createLocalBackend({ cluster: site, configOverrides: {} }, childEnv(q.s.home));
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}

export interface SiteStates { local: string; peer: string | undefined; description: string; peerDescription: string }

/** The image's state on `site` and its peer's state as recorded there, as `mirror image status`
 *  shows them (`up+replaying`, ...; no record yet = `down+unknown`). */
export async function states(q: Qa, site: SiteName, image: string): Promise<SiteStates> {
  const st = await observe(q, site, (b) => b.mirrorImageGlobalStatus({ pool: q.pool, namespace: '', image }));
  const text = (x: SiteStatus | undefined) => (x ? siteStateText(x) : 'down+unknown');
  const local = st.sites.find((x) => x.mirrorUuid === '');
  const peer = st.sites.find((x) => x.mirrorUuid !== '');
  return { local: text(local), peer: peer && text(peer), description: local?.description ?? '', peerDescription: peer?.description ?? '' };
}

/** sha256 of the image (or snapshot) as `rbd export` writes it, read in-process (for polls). */
async function shaInProcess(q: Qa, site: SiteName, image: string): Promise<string> {
  return observe(q, site, async (b) => {
    const h = createHash('sha256');
    for await (const c of b.readImageChunks({ pool: q.pool, namespace: '', image })) h.update(c.data ?? Buffer.alloc(c.length));
    return h.digest('hex');
  });
}

async function snapNamesInProcess(q: Qa, site: SiteName, image: string): Promise<string[]> {
  const snaps = await observe(q, site, (b) => b.listSnaps({ pool: q.pool, namespace: '', image }));
  return snaps.filter((x) => x.namespace.type === 'user').map((x) => x.name);
}

export async function waitStates(q: Qa, site: SiteName, image: string, local: string, peer: string, what: string): Promise<void> {
  await waitFor(async () => {
    const st = await states(q, site, image);
    return st.local === local && st.peer === peer;
  }, 60_000, what, 100);
}

export async function waitDeleted(q: Qa, site: SiteName, image: string): Promise<void> {
  await waitFor(async () => !(await run(q, site).json('ls', q.pool)).includes(image), 60_000, `${image} deleted on ${site}`);
}

/** Brings the copy of `image` up to its primary (a mirror snapshot first in snapshot mode), then
 *  compares the head and every user snapshot on both sites. */
export async function verify(q: Qa, image: string): Promise<void> {
  const primary = q.images.get(image)!;
  const secondary = other(primary);
  if (q.mode === 'snapshot') await run(q, primary)('mirror', 'image', 'snapshot', spec(q, image));
  const head = await sha(q, primary, image);
  const snaps = await userSnaps(q, primary, image);
  await waitFor(async () => JSON.stringify(await snapNamesInProcess(q, secondary, image)) === JSON.stringify(snaps)
    && await shaInProcess(q, secondary, image) === head, 90_000, `${image} in sync on ${secondary}`, 200);
  expect(await userSnaps(q, secondary, image)).toEqual(snaps);
  expect(await sha(q, secondary, image), image).toBe(head);
  for (const snap of snaps) expect(await sha(q, secondary, `${image}@${snap}`), `${image}@${snap}`).toBe(await sha(q, primary, `${image}@${snap}`));
  expect((await run(q, secondary).json('info', spec(q, image))).mirroring.primary).toBe(false);
}

/** No status record of `image` is left on either site (Ceph's wait_for_image_in_omap). */
export async function expectNoStatus(q: Qa, image: string): Promise<void> {
  for (const site of ['site-a', 'site-b'] as const) {
    await waitFor(async () => {
      const verbose = await run(q, site).json('mirror', 'pool', 'status', '--verbose', q.pool);
      return !(verbose.images ?? []).some((i: { name: string }) => i.name === image);
    }, 60_000, `no status of ${image} on ${site}`);
  }
}

export async function removeImage(q: Qa, image: string): Promise<void> {
  const primary = q.images.get(image)!;
  await run(q, primary)('snap', 'purge', spec(q, image));
  await run(q, primary)('rm', spec(q, image));
  q.images.delete(image);
  await waitDeleted(q, other(primary), image);
}

/** `ceph osd pool delete` through rbdm's ceph command (Ceph's confirmation flags). */
export async function deletePool(q: Qa, site: SiteName, pool: string): Promise<void> {
  const r = await cephIn(q.s.home, ['--cluster', site, 'osd', 'pool', 'delete', pool, pool, '--yes-i-really-really-mean-it']);
  expect(r.code, r.stderr).toBe(0);
}

/** Runs the steps in order with their checks; returns the measured timings. */
export async function runScenario(q: Qa, steps: readonly Step[], log: (line: string) => void): Promise<void> {
  for (const step of steps) {
    if (step.only && step.only !== q.mode) continue;
    const started = Date.now();
    try {
      await step.run(q);
      for (const image of q.images.keys()) await verify(q, image);
    } catch (e) {
      const logs = [...q.daemons.values()].map((d) => `--- ${d.cluster}\n${d.log().split('\n').slice(-40).join('\n')}`).join('\n');
      throw new Error(`step "${step.name}" (${q.mode}) failed: ${(e as Error).message}\n${logs}`);
    }
    log(`qa ${q.mode}: ${step.name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

export async function newQa(tag: string, mode: Mode): Promise<Qa> {
  const s = sites(tag);
  const pool = await s.mirroredPair('qa-pool');
  return { s, mode, pool, images: new Map(), daemons: new Map(), timings: {} };
}

/** The whole of qa-journal.test.ts / qa-snapshot.test.ts: `steps` in one mode, daemons killed after.
 *  Local only: the lab's rbd-mirror daemons cannot be stopped and run Ceph's default 30 s image
 *  state check interval. */
export function describeQa(tag: string, mode: Mode, steps: readonly Step[]): void {
  describe.skipIf(ON_CEPH)(`Ceph QA scenario, ${mode} mode [local]`, () => {
    let q: Qa;
    beforeAll(async () => { q = await newQa(tag, mode); });
    afterAll(async () => { await Promise.all([...q.daemons.values()].map((d) => d.kill())); });

    test(`rbd_mirror_${mode}.sh steps in order, checksums equal after each`, async () => {
      const started = Date.now();
      await runScenario(q, steps, (line) => console.log(line));
      const loop = q.timings['failover loop']!;
      console.log(`qa ${mode}: failover loop x${q.timings['failover rounds']} ${(loop / 1000).toFixed(1)} s, scenario ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(q.images.size).toBe(0);
    }, scaled(600_000));
  });
}
