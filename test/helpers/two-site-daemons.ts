// The fixture of the daemon e2e files: a fresh RBDM_HOME per test with site-a and site-b peered
// (helpers/daemon.ts peerTwoSites), rbd runners bound to it, daemons started through it and killed
// after the test, and the status reads and caught-up waits those files poll with.
import { rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import { exportSha, peerTwoSites, startDaemon, waitFor, type DaemonHandle } from './daemon.js';
import { ok, okJson, rbdIn, tempHome, type RunResult } from './rbd.js';

export interface TwoSiteDaemons {
  /** The current test's RBDM_HOME (a new one per test). */
  readonly home: string;
  readonly A: string[];
  readonly B: string[];
  spec(image: string): string;
  /** `rbd <args>`, exit 0 required; stdout. */
  rbd(...args: string[]): Promise<string>;
  /** `rbd <args> --format json`, exit 0 required. */
  json<T = any>(...args: string[]): Promise<T>;
  /** `rbd <args>`, any exit. */
  run(...args: string[]): Promise<RunResult>;
  /** `rbd bench` writes of 4K blocks, `total` in all, to image-pool/<image> on one site. */
  bench(site: string[], image: string, total?: string, pattern?: string): Promise<string>;
  /** sha256 of `rbd export` of image-pool/<image or image@snap> on one site (A or B). */
  sha(site: string[], image: string): Promise<string>;
  /** Starts rbd-mirror for a cluster; killed after the test. */
  start(cluster: string, opts?: Parameters<typeof startDaemon>[2]): DaemonHandle;
  /** `mirror image status` of image-pool/<image>, JSON. */
  status(site: string[], image: string): Promise<any>;
  /** Polls until the site's status is `state` (and the description matches); returns the status. */
  localState(site: string[], image: string, state: string, desc?: RegExp, timeout?: number): Promise<any>;
  /** Polls until the journal copy replays with nothing behind the primary; returns the replay description. */
  journalCaughtUp(site: string[], image: string, timeout?: number): Promise<any>;
  /** Polls until the secondary has completed the primary's newest mirror snapshot. */
  snapshotCaughtUp(primary: string[], secondary: string[], image: string, timeout?: number): Promise<void>;
}

/** `peer: false` leaves the peering to each test (two empty sites). */
export function twoSiteDaemons(prefix: string, opts: { peer?: false } = {}): TwoSiteDaemons {
  let home = '';
  const daemons: DaemonHandle[] = [];
  beforeEach(async () => {
    home = tempHome(prefix);
    if (opts.peer !== false) await peerTwoSites(home);
  });
  afterEach(async () => {
    await Promise.all(daemons.splice(0).map((d) => d.kill()));
    rmSync(home, { recursive: true, force: true });
  });

  const A = ['--cluster', 'site-a'];
  const B = ['--cluster', 'site-b'];
  const spec = (image: string) => `image-pool/${image}`;
  const json = <T = any>(...args: string[]) => okJson<T>(home, args);
  const status = (site: string[], image: string) => json(...site, 'mirror', 'image', 'status', spec(image));
  const replay = (s: { description: string }) => JSON.parse(s.description.replace(/^replaying, /, ''));

  return {
    get home() { return home; },
    A, B, spec, json, status,
    rbd: (...args) => ok(home, args),
    run: (...args) => rbdIn(home, args),
    bench: (site, image, total = '2M', pattern = 'rand') =>
      ok(home, [...site, 'bench', '--io-type', 'write', '--io-size', '4K', '--io-total', total, '--io-pattern', pattern, spec(image)]),
    sha: (site, image) => exportSha(home, site[1]!, spec(image)),
    start: (cluster, o) => {
      const d = startDaemon(home, cluster, o);
      daemons.push(d);
      return d;
    },
    localState: (site, image, state, desc, timeout = 30_000) => waitFor(async () => {
      const s = await status(site, image);
      return s.state === state && (!desc || desc.test(s.description)) ? s : undefined;
    }, timeout, `${image} ${state} ${desc ?? ''}`),
    journalCaughtUp: (site, image, timeout = 30_000) => waitFor(async () => {
      const s = await status(site, image);
      if (s.state !== 'up+replaying') return undefined;
      const d = replay(s);
      // non_primary_position stays {} until an entry is replayed after a bootstrap or failover
      const np = d.non_primary_position ?? {};
      return d.entries_behind_primary === 0 && (np.entry_tid === undefined || np.entry_tid === d.primary_position.entry_tid) ? d : undefined;
    }, timeout, `${image} journal caught up`),
    snapshotCaughtUp: async (primary, secondary, image, timeout = 30_000) => {
      const snaps = await json(...primary, 'snap', 'ls', '--all', spec(image));
      const newest = snaps.filter((s: any) => s.namespace?.type === 'mirror').at(-1).id;
      await waitFor(async () => (await json(...secondary, 'snap', 'ls', '--all', spec(image)))
        .some((s: any) => s.namespace?.primary_snap_id === newest && s.namespace.complete), timeout, `${image} snapshot ${newest} copied`);
    },
  };
}
