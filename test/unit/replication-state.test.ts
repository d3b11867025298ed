// The typed replication state (src/domain/replication/) over a fabricated backend: every problem
// code from the records a cluster would report, and the description strings as Pacific writes them.
import { describe, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import type { ImageGlobalStatus, MirrorDaemon, PeerSite, ScheduleEntry, SiteStatus, SnapInfo } from '../../src/backends/types.js';
import {
  imageReplicationState, parseDescription, poolReplicationState, type ProblemCode,
} from '../../src/domain/replication/state.js';

const NOW = 1_800_000_000;
const PEER_UUID = 'peer-uuid-b';
const B = 'mirror-uuid-b';
const GID = 'global-1';

const peerB: PeerSite = { uuid: PEER_UUID, direction: 'rx-tx', siteName: 'site-b', mirrorUuid: B, clientName: 'client.rbd-mirror-peer' };
const daemonA: MirrorDaemon = { serviceId: '4100', instanceId: '4100', clientId: 'admin', hostname: 'h', version: '16.2.15', pools: { '1': { leader: true, callouts: [] } } };

const site = (mirrorUuid: string, state: SiteStatus['state'], description: string, opts: { up?: boolean; age?: number } = {}): SiteStatus =>
  ({ mirrorUuid, state, description, lastUpdate: NOW - (opts.age ?? 5), up: opts.up ?? true });

const snapReplay = (local: number, remote: number, extra = '') =>
  `replaying, {"bytes_per_second":0.0,"bytes_per_snapshot":4194304.0,"last_snapshot_bytes":8388608,"last_snapshot_sync_seconds":2,` +
  `"local_snapshot_timestamp":${local},"remote_snapshot_timestamp":${remote},"replay_state":"idle"${extra}}`;

const mirrorSnap = (id: number, ts: number): SnapInfo => ({
  id, name: `.mirror.primary.${GID}.${id}`, size: 8 << 20, protected: false, timestamp: ts * 1000,
  namespace: { type: 'mirror', state: 'primary', mirrorPeerUuids: [PEER_UUID], complete: true },
});

interface Fixture {
  primary?: boolean;
  mode?: 'journal' | 'snapshot';
  promotion?: 'primary' | 'non-primary' | 'orphan';
  sites: SiteStatus[];
  snaps?: SnapInfo[];
  schedules?: ScheduleEntry[];
  daemons?: MirrorDaemon[];
  peers?: PeerSite[];
  kind?: 'local' | 'ceph';
}

function fakeBackend(f: Fixture): Backend {
  const promotion = f.promotion ?? (f.primary === false ? 'non-primary' : 'primary');
  const status: ImageGlobalStatus = {
    name: 'image-1',
    info: { globalId: GID, state: 'enabled', mode: f.mode ?? 'snapshot', primary: promotion === 'primary', promotionState: promotion },
    sites: f.sites,
  };
  const be: Partial<Backend> = {
    kind: f.kind ?? 'local',
    poolId: async () => 1,
    namespaceExists: async () => true,
    getMirrorMode: async () => 'image',
    getSiteName: async () => 'site-a',
    listPeers: async () => f.peers ?? [peerB],
    getPeerAttributes: async () => ({ mon_host: 'local:/x/site-b', key: 'SECRET' }),
    mirrorDaemons: async () => f.daemons ?? [daemonA],
    mirrorImageStatusList: async () => [status],
    mirrorImageGlobalStatus: async () => status,
    listSnaps: async () => f.snaps ?? [],
    scheduleList: async () => f.schedules ?? [],
    diffImage: async () => [{ offset: 0, length: 4096, exists: true }, { offset: 8192, length: 4096, exists: true }],
  };
  return be as Backend;
}

const ref = { pool: 'image-pool', namespace: '', image: 'image-1' };
const codes = async (f: Fixture, opts = {}) =>
  (await imageReplicationState(fakeBackend(f), ref, { now: NOW, ...opts })).problems.map((p) => `${p.code}/${p.severity}`);
const SCHEDULED: ScheduleEntry[] = [{ level: { pool: 'image-pool' }, items: [{ interval: '5m', startTime: null }] }];
const healthyPrimary: Fixture = {
  sites: [site('', 'stopped', 'local image is primary'), site(B, 'replaying', snapReplay(NOW - 60, NOW - 60))],
  snaps: [mirrorSnap(4, NOW - 60)], schedules: SCHEDULED,
};

describe('description strings', () => {
  test('snapshot replay JSON (Pacific keys)', () => {
    expect(parseDescription('replaying, {"bytes_per_second":279620.27,"bytes_per_snapshot":4194304.0,"last_snapshot_bytes":8388608,"last_snapshot_sync_seconds":0,"local_snapshot_timestamp":1795607842,"remote_snapshot_timestamp":1795607842,"replay_state":"idle"}'))
      .toEqual({ kind: 'replaying', text: 'replaying', snapshot: {
        bytesPerSecond: 279620.27, bytesPerSnapshot: 4194304, lastSnapshotBytes: 8388608, lastSnapshotSyncSeconds: 0,
        localSnapshotTimestamp: 1795607842, remoteSnapshotTimestamp: 1795607842, replayState: 'idle' } });
  });
  test('journal replay JSON with positions', () => {
    expect(parseDescription('replaying, {"bytes_per_second":17.5,"entries_behind_primary":2049,"entries_per_second":0.2,"non_primary_position":{"entry_tid":3,"object_number":3,"tag_tid":1},"primary_position":{"entry_tid":2049,"object_number":1,"tag_tid":2},"seconds_until_synced":10245}').journal)
      .toEqual({ bytesPerSecond: 17.5, entriesBehind: 2049, entriesPerSecond: 0.2, secondsUntilSynced: 10245,
        nonPrimaryPosition: { entryTid: 3, objectNumber: 3, tagTid: 1 }, primaryPosition: { entryTid: 2049, objectNumber: 1, tagTid: 2 } });
  });
  test('fixed texts, bootstrapping percent, malformed JSON', () => {
    expect(parseDescription('split-brain detected').kind).toBe('split-brain');
    expect(parseDescription('split-brain').kind).toBe('split-brain');
    expect(parseDescription('local image is primary').kind).toBe('local-primary');
    expect(parseDescription('bootstrapping, IMAGE_COPY/COPY_OBJECT 45%')).toEqual({ kind: 'bootstrapping', text: 'bootstrapping, IMAGE_COPY/COPY_OBJECT 45%', percent: 45 });
    expect(parseDescription('replaying, {not json')).toEqual({ kind: 'replaying', text: 'replaying' });
    expect(parseDescription('something new').kind).toBe('other');
  });
});

describe('typed records', () => {
  test('a healthy scheduled snapshot primary: no problems, lag 0, last sync figures, schedule', async () => {
    const img = await imageReplicationState(fakeBackend(healthyPrimary), ref, { now: NOW });
    expect(img).toMatchObject({ role: 'primary', mode: 'snapshot', lastMirrorSnapshot: NOW - 60, problems: [] });
    expect(img.peers).toEqual([expect.objectContaining({
      siteName: 'site-b', replayer: 'peer', daemonUp: true, peerPrimary: false, replayState: 'idle', lagSeconds: 0,
      lastSync: { time: NOW - 60, bytes: 8388608, durationSeconds: 2 },
    })]);
    expect(img.schedule).toMatchObject({ interval: '5m', intervalSeconds: 300, overdue: false, executed: true, lastMirrorSnapshot: NOW - 60 });
    expect(img.schedule!.nextDue).toBeGreaterThan(NOW);
  });

  test('pool record: peers with mon_host but never the key, daemons reporting the pool', async () => {
    const pool = await poolReplicationState(fakeBackend(healthyPrimary), ref, { now: NOW });
    expect(pool.peers).toEqual([{ uuid: PEER_UUID, siteName: 'site-b', direction: 'rx-tx', mirrorUuid: B, monHost: 'local:/x/site-b' }]);
    expect(JSON.stringify(pool)).not.toContain('SECRET');
    expect(pool.daemons).toMatchObject([{ serviceId: '4100', leader: true }]);
    expect(pool.problems).toEqual([]);
  });

  test('lag from the primary newest snapshot vs the peer, bytes behind from the diff, thresholds', async () => {
    const f: Fixture = { ...healthyPrimary, snaps: [mirrorSnap(4, NOW - 60), mirrorSnap(5, NOW - 10)],
      sites: [site('', 'stopped', 'local image is primary'), site(B, 'replaying', snapReplay(NOW - 60, NOW - 60))] };
    const img = await imageReplicationState(fakeBackend(f), ref, { now: NOW });
    expect(img.peers[0]).toMatchObject({ lagSeconds: 50, bytesBehind: 8192 });
    expect(await codes(f, { warnLagSeconds: 30 })).toEqual(['lag/warning']);
    expect(await codes(f, { warnLagSeconds: 10, critLagSeconds: 40 })).toEqual(['lag/critical']);
  });

  test('journal non-primary: entries behind, rate, ETA, lag estimate', async () => {
    const img = await imageReplicationState(fakeBackend({ mode: 'journal', primary: false, sites: [
      site('', 'replaying', 'replaying, {"bytes_per_second":100.0,"entries_behind_primary":20,"entries_per_second":2.0,"non_primary_position":{},"primary_position":{"entry_tid":30,"object_number":0,"tag_tid":1}}'),
      site(B, 'stopped', 'local image is primary'),
    ] }), ref, { now: NOW });
    expect(img.role).toBe('non-primary');
    expect(img.peers[0]).toMatchObject({ replayer: 'local', daemonUp: true, entriesBehind: 20, entriesPerSecond: 2, etaSeconds: 10, lagSeconds: 10 });
    expect(img.problems).toEqual([]);
  });
});

describe('problem codes', () => {
  const cases: Array<[string, Fixture, string[], object?]> = [
    ['daemon-down: the peer daemon that pulls the primary is down', {
      ...healthyPrimary, sites: [site('', 'stopped', 'local image is primary'), site(B, 'replaying', snapReplay(NOW - 60, NOW - 60), { up: false })],
    }, ['daemon-down/critical']],
    ['daemon-absent: no local record for a non-primary copy', {
      primary: false, daemons: [], sites: [],
    }, ['daemon-absent/critical']],
    ['daemon-absent: the peer never wrote a record for our primary', {
      ...healthyPrimary, sites: [site('', 'stopped', 'local image is primary')],
    }, ['daemon-absent/critical']],
    ['peer-status-stale: up but not refreshed', {
      ...healthyPrimary, sites: [site('', 'stopped', 'local image is primary'), site(B, 'replaying', snapReplay(NOW - 60, NOW - 60), { age: 900 })],
    }, ['peer-status-stale/warning']],
    ['split-brain: the demoted copy refuses to replay', {
      primary: false, mode: 'journal', sites: [site('', 'error', 'split-brain detected'), site(B, 'stopped', 'local image is primary')],
    }, ['split-brain/critical']],
    ['two-primaries: the peer also says primary', {
      ...healthyPrimary, sites: [site('', 'stopped', 'local image is primary'), site(B, 'stopped', 'local image is primary')],
    }, ['two-primaries/critical']],
    ['resync-requested', {
      primary: false, mode: 'journal', sites: [site('', 'stopped', 'resync requested'), site(B, 'stopped', 'local image is primary')],
    }, ['resync-requested/warning']],
    ['error-state', {
      primary: false, mode: 'journal', sites: [site('', 'error', 'failed to open remote image'), site(B, 'stopped', 'local image is primary')],
    }, ['error-state/critical']],
    ['no-schedule: snapshot primary, no schedule, old snapshot', {
      ...healthyPrimary, schedules: [], snaps: [mirrorSnap(4, NOW - 7200)],
      sites: [site('', 'stopped', 'local image is primary'), site(B, 'replaying', snapReplay(NOW - 7200, NOW - 7200))],
    }, ['no-schedule/warning']],
    ['schedule-overdue: scheduled every 5m, nothing for an hour', {
      ...healthyPrimary, snaps: [mirrorSnap(4, NOW - 3600)],
      sites: [site('', 'stopped', 'local image is primary'), site(B, 'replaying', snapReplay(NOW - 3600, NOW - 3600))],
    }, ['schedule-overdue/warning']],
    ['sync-stuck: syncing with no progress for long', {
      ...healthyPrimary, sites: [site('', 'stopped', 'local image is primary'),
        site(B, 'replaying', snapReplay(NOW - 60, NOW - 60).replace('"replay_state":"idle"', '"replay_state":"syncing","syncing_percent":10'), { age: 600 })],
    }, ['sync-stuck/critical']],
  ];
  test.each(cases)('%s', async (_name, fixture, expected, opts) => {
    expect(await codes(fixture, opts)).toEqual(expected);
  });

  test('schedule-not-running: local backend, schedules, no daemon (pool level); Ceph: the mgr runs them', async () => {
    const pool = await poolReplicationState(fakeBackend({ ...healthyPrimary, daemons: [] }), ref, { now: NOW });
    expect(pool.problems.map((p) => `${p.code}/${p.severity}`)).toEqual(['daemon-absent/warning', 'schedule-not-running/warning']);
    expect(pool.images[0]!.schedule!.executed).toBe(false);
    const onCeph = await poolReplicationState(fakeBackend({ ...healthyPrimary, daemons: [], kind: 'ceph' }), ref, { now: NOW });
    expect(onCeph.problems.map((p) => p.code)).toEqual(['daemon-absent']);
  });

  test('every problem has a one-line message and hint', async () => {
    const all = new Set<ProblemCode>();
    for (const [, f, , o] of cases) {
      for (const p of (await imageReplicationState(fakeBackend(f), ref, { now: NOW, ...o })).problems) {
        all.add(p.code);
        expect(p.message).toMatch(/^[^\n]+$/);
        expect(p.hint).toMatch(/^[^\n]+$/);
      }
    }
    expect(all.size).toBe(10);
  });
});
