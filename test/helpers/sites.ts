// The two-site fixture that lets one e2e file run on either backend (issue 4).
//
//   RBDM_TEST_BACKEND unset/local: a temp RBDM_HOME; clusters site-a and site-b are SQLite stores.
//   RBDM_TEST_BACKEND=ceph: the real two-site lab (scripts/ceph-lab.sh up, RBDM_CEPH_LAB=1); every
//     run passes `--backend ceph --cluster site-a|site-b`, pools get a unique suffix so files and
//     runs never collide, and the pools are deleted afterwards.
//
// A suite uses `describe.skipIf(s.skip)(s.title('...'), ...)`, so a ceph run without the lab is
// skipped with the reason in its title (and a `ceph lab: skipping` line).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Backend } from '../../src/backends/backend.js';
import type { SnapInfo } from '../../src/backends/types.js';
import { ceph, SKIP_REASON as LAB_SKIP_REASON } from '../ceph/lab.js';
import { cephIn, childEnv, rbdIn, type RunResult, storeDigest, tempHome } from './rbd.js';

const exec = promisify(execFile);

export type TestBackend = 'local' | 'ceph';
export const TEST_BACKEND: TestBackend = process.env.RBDM_TEST_BACKEND === 'ceph' ? 'ceph' : 'local';
export const ON_CEPH = TEST_BACKEND === 'ceph';
export const ON_LOCAL = !ON_CEPH;

export type SiteName = 'site-a' | 'site-b';
export const SITE_NAMES: readonly SiteName[] = ['site-a', 'site-b'];

export interface RunOpts { stdin?: string }

/** `rbd` bound to one cluster: `await s.a('mirror', 'pool', 'info', P)` insists on exit 0. */
export interface SiteRunner {
  (...args: string[]): Promise<string>;
  readonly cluster: SiteName;
  /** Any exit status. */
  run(args: string[], opts?: RunOpts): Promise<RunResult>;
  /** Exit 0 required; stdout. */
  ok(args: string[], opts?: RunOpts): Promise<string>;
  /** `--format json` appended, exit 0 required. */
  json<T = any>(...args: string[]): Promise<T>;
}

export interface Sites {
  readonly backend: TestBackend;
  /** Why this suite cannot run here (ceph without the lab), else undefined. */
  readonly skip: string | undefined;
  /** The RBDM_HOME of every run (on local it holds the stores, <home>/<cluster>/cluster.db). */
  readonly home: string;
  /** Suite title, with the skip reason and the backend in it. */
  title(name: string): string;
  readonly a: SiteRunner;
  readonly b: SiteRunner;
  site(cluster: SiteName): SiteRunner;
  /** Local only: a third embedded cluster (e.g. site-c) in the same RBDM_HOME; the lab has just two sites. */
  extraSite(cluster: string): SiteRunner;
  /** This file's name for a pool: unchanged on local, unique (suffixed) on ceph. */
  pool(name: string): string;
  /** A new pool: `ceph osd pool create` (rbdm's on local, the lab's on ceph) then `rbd pool init`. Takes the base name. */
  createPool(cluster: SiteName, name: string): Promise<string>;
  /** The seed's set-up of a pool on both sites: created, image-mode mirroring with site names,
   *  site-a's bootstrap token imported on site-b (rx-tx). Returns the pool's name. */
  mirroredPair(name: string): Promise<string>;
  /** A digest of everything a command could have changed: the store bytes on local, observable state on ceph. */
  state(): Promise<string>;
  /** Removes what setup added on ceph (peers, pools); removes nothing on local. */
  cleanup(): Promise<void>;
}

/** Only the ceph backend has preconditions: the lab up and announced, the addon built. */
const SKIP_REASON = ON_CEPH ? LAB_SKIP_REASON : undefined;

/** One fixture per test file; `tag` (short, [a-z0-9-]) goes into the ceph pool names. */
export function sites(tag: string): Sites {
  const skip = SKIP_REASON;
  if (skip) console.warn(`ceph lab: skipping "${tag}" on the ceph backend: ${skip}`);
  const home = tempHome(`rbdm-${tag}-`);
  const suffix = `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const pool = (name: string) => (ON_CEPH ? `${name}-${suffix}` : name);
  const created: Array<{ cluster: SiteName; pool: string }> = [];
  const backends = new Map<SiteName, Backend>();

  const prefix = (cluster: SiteName) => (ON_CEPH ? ['--backend', 'ceph', '--cluster', cluster] : ['--cluster', cluster]);
  const env = ON_CEPH ? { RBDM_BACKEND: 'ceph' } : {};
  const runner = (cluster: SiteName): SiteRunner => {
    const run = async (args: string[], opts: RunOpts = {}) => {
      if (ON_CEPH && !SITE_NAMES.includes(cluster)) throw new Error(`the ceph lab has no cluster ${cluster}`);
      return rbdIn(home, [...prefix(cluster), ...args], { stdin: opts.stdin, env });
    };
    const ok = async (args: string[], opts: RunOpts = {}) => {
      const r = await run(args, opts);
      if (r.code !== 0) throw new Error(`rbd --cluster ${cluster} ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      return r.stdout;
    };
    const fn = ((...args: string[]) => ok(args)) as SiteRunner;
    return Object.assign(fn, {
      cluster, run, ok,
      json: async <T = any>(...args: string[]) => JSON.parse(await ok([...args, '--format', 'json'])) as T,
    });
  };
  const a = runner('site-a');
  const b = runner('site-b');
  const site = (c: SiteName) => (c === 'site-a' ? a : b);

  const backendFor = async (cluster: SiteName): Promise<Backend> => {
    let be = backends.get(cluster);
    if (!be) {
      const { createCephBackend } = await import('../../src/backends/ceph/index.js');
      be = createCephBackend({ cluster, configOverrides: {} }, childEnv(home, env));
      backends.set(cluster, be);
    }
    return be;
  };

  return {
    backend: TEST_BACKEND,
    skip,
    home,
    title: (name) => (skip ? `${name} [${TEST_BACKEND}; skipped: ${skip}]` : `${name} [${TEST_BACKEND}]`),
    a, b, site, pool,
    extraSite: (cluster) => runner(cluster as SiteName),

    async createPool(cluster, name) {
      const p = pool(name);
      if (ON_CEPH) {
        await ceph(cluster, 'osd', 'pool', 'create', p, '8', '8');
        created.push({ cluster, pool: p });
      } else {
        const r = await cephIn(home, ['--cluster', cluster, 'osd', 'pool', 'create', p]);
        if (r.code !== 0) throw new Error(`ceph --cluster ${cluster} osd pool create ${p} exited ${r.code}\nstderr: ${r.stderr}`);
      }
      await site(cluster).ok(['pool', 'init', p]);
      return p;
    },

    async mirroredPair(name) {
      const [p] = await Promise.all([this.createPool('site-a', name), this.createPool('site-b', name)]);
      await a.ok(['mirror', 'pool', 'enable', '--site-name', 'site-a', p!, 'image']);
      await b.ok(['mirror', 'pool', 'enable', '--site-name', 'site-b', p!, 'image']);
      const token = await a.ok(['mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', p!]);
      await b.ok(['mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', p!, '-'], { stdin: token });
      return p!;
    },

    async state() {
      if (ON_LOCAL) return storeDigest(home);
      const out: Record<string, unknown> = {};
      for (const cluster of SITE_NAMES) out[cluster] = await cephState(await backendFor(cluster), cluster, created);
      return JSON.stringify(out, null, 1);
    },

    async cleanup() {
      if (ON_LOCAL) return;
      for (const be of backends.values()) await be.close().catch(() => undefined);
      backends.clear();
      // Peers live in the pool's rbd_mirroring object; remove them first so the rbd-mirror daemons
      // drop their pool replayers cleanly, then delete the pools (mon_allow_pool_delete is on in the lab).
      for (const { cluster, pool: p } of created) {
        const r = await site(cluster).run(['mirror', 'pool', 'info', p, '--format', 'json']);
        const peers: Array<{ uuid: string }> = r.code === 0 ? (JSON.parse(r.stdout).peers ?? []) : [];
        for (const peer of peers) await site(cluster).run(['mirror', 'pool', 'peer', 'remove', p, peer.uuid]);
      }
      await Promise.all(created.map(({ cluster, pool: p }) =>
        exec('ceph', ['--cluster', cluster, 'osd', 'pool', 'rm', p, p, '--yes-i-really-really-mean-it'], { timeout: 60_000 })
          .catch((e: unknown) => console.warn(`ceph lab: could not remove pool ${p} on ${cluster}: ${String(e)}`))));
      created.length = 0;
    },
  };
}

/**
 * A journal image's sync point, which the peer's rbd-mirror creates on the primary while it copies
 * the image and then moves to the snapshot trash (named by a uuid; listed as a user snapshot, and
 * the image gains the `operations` feature meanwhile).
 */
const isDaemonSyncSnap = (s: SnapInfo) =>
  (s.namespace.type === 'user' && /^(\.rbd-mirror\.|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)/.test(s.name))
  // snapl: listSnaps now includes the snapshot trash, where the sync point goes
  || (s.namespace.type === 'trash' && s.namespace.originalName.startsWith('.rbd-mirror.'));

/**
 * What our commands can change on a Ceph cluster, for this file's pools, without what the
 * rbd-mirror daemons change on their own (peer mirror uuids, last-seen times, snapshot sync
 * progress, images they create on the non-primary site).
 */
async function cephState(be: Backend, cluster: SiteName, created: ReadonlyArray<{ cluster: SiteName; pool: string }>) {
  const pools = created.filter((c) => c.cluster === cluster).map((c) => c.pool);
  const settle = <T>(p: Promise<T>) => p.then((v) => v, (e: unknown) => ({ error: (e as { errno?: number }).errno ?? String(e) }));
  const state: Record<string, unknown> = { siteName: await settle(be.getSiteName()) };
  const schedules = await settle(be.scheduleList());
  for (const pool of pools) {
    const ref = { pool, namespace: '' };
    const peers = await settle(be.listPeers(pool));
    const peerState = Array.isArray(peers)
      ? await Promise.all(peers.map(async (p) => ({
        uuid: p.uuid, direction: p.direction, siteName: p.siteName, clientName: p.clientName,
        attrs: await settle(be.getPeerAttributes(pool, p.uuid)),
      })))
      : peers;
    const images: Record<string, unknown> = {};
    // the daemon creates replicated images on the non-primary site by itself: only site-a's images count
    const names = cluster === 'site-a' ? await be.listImages(ref) : [];
    for (const image of names.sort()) {
      const iref = { ...ref, image };
      const info = await be.imageInfo(iref);
      const snaps = await be.listSnaps(iref);
      images[image] = {
        size: info.size, features: info.features.filter((f) => f !== 'operations'),
        mirror: await settle(be.mirrorImageGetInfo(iref)),
        snaps: snaps.filter((s) => !isDaemonSyncSnap(s)).map((s) => ({ id: s.id, name: s.name, ns: s.namespace.type === 'mirror' ? s.namespace.state : s.namespace.type })),
      };
    }
    state[pool] = {
      mode: await settle(be.getMirrorMode(ref)),
      uuid: await settle(be.getMirrorUuid(ref)),
      namespaces: await settle(be.listNamespaces(pool)),
      peers: peerState,
      images,
      schedules: Array.isArray(schedules) ? schedules.filter((e) => e.level.pool === pool) : schedules,
    };
  }
  return state;
}
