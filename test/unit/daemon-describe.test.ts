// Status descriptions in rbd-mirror's exact shape, and the daemon's command line.
import { expect, test } from 'vitest';
import { parseDaemonArgs } from '../../src/daemon/args.js';
import { compactJson, double, journalReplaying, snapshotReplaying } from '../../src/daemon/describe.js';

test('replay JSON: compact, keys sorted, doubles with a fraction', () => {
  expect(compactJson({ b: double(4194304), a: double(279620.2666), c: 3, d: {} })).toBe('{"a":279620.27,"b":4194304.0,"c":3,"d":{}}');
  expect(snapshotReplaying({
    bytesPerSecond: 0, bytesPerSnapshot: 4194304, lastSnapshotBytes: 8388608, lastSnapshotSyncSeconds: 0,
    localSnapshotTimestamp: 1795607842, remoteSnapshotTimestamp: 1795607842,
  })).toEqual({
    state: 'replaying',
    description: 'replaying, {"bytes_per_second":0.0,"bytes_per_snapshot":4194304.0,"last_snapshot_bytes":8388608,"last_snapshot_sync_seconds":0,"local_snapshot_timestamp":1795607842,"remote_snapshot_timestamp":1795607842,"replay_state":"idle"}',
  });
  // the transcript's journal line, field for field
  expect(journalReplaying({
    bytesPerSecond: 282625.6, entriesPerSecond: 68.33, entriesBehind: 0,
    nonPrimary: { entry_tid: 2049, object_number: 1, tag_tid: 2 }, primary: { entry_tid: 2049, object_number: 1, tag_tid: 2 },
  }).description).toBe('replaying, {"bytes_per_second":282625.6,"entries_behind_primary":0,"entries_per_second":68.33,"non_primary_position":{"entry_tid":2049,"object_number":1,"tag_tid":2},"primary_position":{"entry_tid":2049,"object_number":1,"tag_tid":2}}');
  expect(journalReplaying({ bytesPerSecond: 17.5, entriesPerSecond: 0.2, entriesBehind: 2049, primary: { entry_tid: 2049, object_number: 1, tag_tid: 2 } })
    .description).toContain('"non_primary_position":{},"primary_position":{"entry_tid":2049,"object_number":1,"tag_tid":2},"seconds_until_synced":10245}');
});

test('daemon options: ids, names, log file, config overrides', () => {
  expect(parseDaemonArgs(['-f', '--cluster', 'site-a', '--id', 'mirror.0'], {})).toMatchObject({ cluster: 'site-a', id: 'mirror.0', foreground: true });
  expect(parseDaemonArgs(['-n', 'client.rbd-mirror.x', '--log-file=/tmp/x.log', '-d'], {})).toMatchObject({ id: 'rbd-mirror.x', logFile: '/tmp/x.log', logToStderr: true });
  expect(parseDaemonArgs(['-i', 'a', '--rbd-default-data-pool', 'data'], {}).configOverrides).toEqual({ rbd_default_data_pool: 'data' });
  expect(parseDaemonArgs([], {}).cluster).toBe('ceph');
  expect(() => parseDaemonArgs(['--bogus'], {})).toThrow('unrecognized argument: --bogus');
  expect(parseDaemonArgs(['--version'], {}).action).toBe('version');
});
