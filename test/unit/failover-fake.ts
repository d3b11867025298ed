// A two-cluster world for the failover unit tests: images with a primary flag, promotion state,
// data and one status record per site, and a "daemon" per site that replicates on every tick of
// a virtual clock (the fake Timing's sleep). Failures are injected by switching a daemon off,
// making a cluster unreachable, or losing the last write at demotion.
import type { ImageGlobalStatus, ImageMirrorMode, MirrorDaemon, PeerSite, SiteStatus, SnapInfo } from '../../src/backends/types.js';
import type { FailoverBackend, Timing } from '../../src/domain/failover/ports.js';
import { Errno, RbdError } from '../../src/errors.js';

interface Copy {
  primary: boolean;
  orphan: boolean;
  data: Buffer;
  record: SiteStatus;
  /** Journal figures the daemon reports while replaying. */
  behind: number;
  /** This copy has taken in the peer's latest demotion. */
  sawDemotion?: boolean;
}

interface FakeImage { globalId: string; mode: ImageMirrorMode; copies: Record<string, Copy> }

export const SITES = ['site-a', 'site-b'] as const;
export type Site = (typeof SITES)[number];
const other = (s: Site): Site => (s === 'site-a' ? 'site-b' : 'site-a');

const SIZE = 64 * 1024;

export class World {
  images = new Map<string, FakeImage>();
  daemonUp: Record<Site, boolean> = { 'site-a': true, 'site-b': true };
  unreachable: Record<Site, boolean> = { 'site-a': false, 'site-b': false };
  /** The replica misses the last write made before a demotion (an unclean copy). */
  loseLastWrite = false;
  lastWrite = new Map<string, { offset: number; data: Buffer }>();
  now = 1_000_000;
  calls: string[] = [];

  addImage(name: string, mode: ImageMirrorMode, primary: Site = 'site-a'): void {
    const data = Buffer.alloc(SIZE, name.charCodeAt(0));
    const copy = (site: Site): Copy => ({
      primary: site === primary, orphan: false, data: Buffer.from(data), behind: 0,
      record: site === primary ? rec('stopped', 'local image is primary', this.now) : rec('replaying', replaying(mode, 0), this.now),
    });
    this.images.set(name, { globalId: `gid-${name}`, mode, copies: { 'site-a': copy('site-a'), 'site-b': copy('site-b') } });
  }

  /** What a daemon on each site does in one round. */
  tick(): void {
    for (const [name, img] of this.images) {
      for (const site of SITES) {
        const here = img.copies[site]!;
        const there = img.copies[other(site)]!;
        if (here.primary) { if (this.daemonUp[site]) here.record = rec('stopped', 'local image is primary', this.now); continue; }
        if (!this.daemonUp[site]) { here.record = { ...here.record, up: false }; continue; }
        if (here.record.state === 'error') continue;
        if (there.primary) {
          there.data.copy(here.data);
          here.orphan = false;
          here.record = rec('replaying', replaying(img.mode, here.behind), this.now);
        } else if (there.orphan && !here.orphan && !here.sawDemotion) {
          there.data.copy(here.data);
          const lost = this.lastWrite.get(name);
          if (this.loseLastWrite && lost) Buffer.alloc(lost.data.length, 0xee).copy(here.data, lost.offset);
          here.orphan = true;
          here.sawDemotion = true;
          here.record = rec('unknown', 'remote image demoted', this.now);
        }
      }
    }
  }

  timing(): Timing {
    return {
      now: () => this.now,
      sleep: async (ms) => { this.now += ms; this.tick(); },
      pollMs: 100,
    };
  }

  snapshot(): string {
    return JSON.stringify([...this.images].map(([n, i]) => [n, Object.entries(i.copies).map(([s, c]) => [s, c.primary, c.orphan, c.data.toString('hex')])]));
  }

  cluster(site: Site): FailoverBackend {
    const w = this;
    const reach = (what: string) => {
      w.calls.push(`${site} ${what}`);
      if (w.unreachable[site]) throw new RbdError(Errno.ETIMEDOUT, `couldn't connect to the cluster '${site}'`);
    };
    const img = (name: string) => {
      const i = w.images.get(name);
      if (!i) throw new RbdError(Errno.ENOENT, 'no such image');
      return { i, c: i.copies[site]! };
    };
    const info = (name: string) => {
      const { i, c } = img(name);
      return { globalId: i.globalId, state: 'enabled' as const, mode: i.mode, primary: c.primary, promotionState: c.primary ? 'primary' as const : c.orphan ? 'orphan' as const : 'non-primary' as const };
    };
    const peer: PeerSite = { uuid: `uuid-${other(site)}`, direction: 'rx-tx', siteName: other(site), mirrorUuid: `mu-${other(site)}`, clientName: 'client.rbd-mirror-peer' };
    const be: FailoverBackend = {
      clusterName: site,
      identity: async () => { reach('identity'); return { fsid: `fsid-${site}`, monHost: `local:${site}` }; },
      getSiteName: async () => { reach('getSiteName'); return site; },
      poolId: async () => { reach('poolId'); return 1; },
      getMirrorMode: async () => { reach('getMirrorMode'); return 'image'; },
      getMirrorUuid: async () => { reach('getMirrorUuid'); return `mu-${site}`; },
      listPeers: async () => { reach('listPeers'); return [peer]; },
      mirrorImageStatusList: async () => { reach('statusList'); return [...w.images.keys()].map((n) => status(n)); },
      mirrorImageGetInfo: async (ref) => { reach('getInfo'); return info(ref.image); },
      mirrorImageGlobalStatus: async (ref) => { reach('globalStatus'); return status(ref.image); },
      mirrorDaemons: async (): Promise<MirrorDaemon[]> => {
        reach('daemons');
        return w.daemonUp[site] ? [{ serviceId: '4100', instanceId: '4101', clientId: 'admin', hostname: 'h', version: '16', pools: { 1: { leader: true, callouts: [] } } }] : [];
      },
      mirrorImagePromote: async (ref, force) => {
        reach(`promote ${ref.image}${force ? ' --force' : ''}`);
        const { c } = img(ref.image);
        if (c.primary) throw new RbdError(Errno.EINVAL, 'image is already primary');
        if (!force && !c.orphan) throw new RbdError(Errno.EBUSY, 'image is primary within a remote cluster or demotion is not propagated yet');
        c.primary = true; c.orphan = false; c.sawDemotion = false;
      },
      mirrorImageDemote: async (ref) => {
        reach(`demote ${ref.image}`);
        const { c } = img(ref.image);
        if (!c.primary) throw new RbdError(Errno.EINVAL, 'image is not primary');
        c.primary = false; c.orphan = true; c.sawDemotion = true;
        img(ref.image).i.copies[other(site)]!.sawDemotion = false;
      },
      mirrorImageCreateSnapshot: async () => { reach('snapshot'); return 1; },
      listSnaps: async (): Promise<SnapInfo[]> => { reach('listSnaps'); return []; },
      imageInfo: async (ref) => { reach('imageInfo'); img(ref.image); return { size: SIZE } as never; },
      readImage: async (ref, offset, length) => { reach('read'); return Buffer.from(img(ref.image).c.data.subarray(offset, offset + length)); },
      readImageChunks: () => { throw new Error('not used'); },
      writeImage: async (ref, extents) => {
        reach(`write ${ref.image}`);
        const { c } = img(ref.image);
        if (!c.primary) throw new RbdError(Errno.EROFS, 'image is read-only');
        for (const e of extents) { e.data.copy(c.data, e.offset); w.lastWrite.set(ref.image, { offset: e.offset, data: e.data }); }
        return extents.reduce((n, e) => n + e.data.length, 0);
      },
      flushImage: async (ref) => { reach(`flush ${ref.image}`); if (!img(ref.image).c.primary) throw new RbdError(Errno.EROFS, 'image is read-only'); },
    };
    function status(name: string): ImageGlobalStatus {
      const { i, c } = img(name);
      const peerRecord = { ...i.copies[other(site)]!.record, mirrorUuid: `mu-${other(site)}` };
      return { name, info: info(name), sites: [c.record, peerRecord] };
    }
    return be;
  }
}

function rec(state: SiteStatus['state'], description: string, nowMs: number): SiteStatus {
  return { mirrorUuid: '', state, description, lastUpdate: Math.floor(nowMs / 1000), up: true };
}

function replaying(mode: ImageMirrorMode, behind: number): string {
  return mode === 'journal'
    ? `replaying, {"bytes_per_second":0.0,"entries_behind_primary":${behind},"entries_per_second":0.0,"non_primary_position":{},"primary_position":{"entry_tid":3,"object_number":0,"tag_tid":1}${behind ? ',"seconds_until_synced":120' : ''}}`
    : 'replaying, {"bytes_per_second":0.0,"local_snapshot_timestamp":1,"remote_snapshot_timestamp":1,"replay_state":"idle"}';
}

/** Sets a journal copy's replay figures (entries behind) as its daemon would report them. */
export function setBehind(w: World, image: string, site: Site, behind: number): void {
  const c = w.images.get(image)!.copies[site]!;
  c.behind = behind;
  c.record = rec('replaying', replaying(w.images.get(image)!.mode, behind), w.now);
}
