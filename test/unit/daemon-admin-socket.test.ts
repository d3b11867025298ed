// The admin socket's pieces without a daemon process: run-time path defaults and metavariables,
// the $pid matcher `ceph daemon <name>` uses, the command table and its prefix matching, and the
// wire framing against a real unix socket.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { daemonPathOptions, expandProcessVars, templateMatcher } from '../../src/config/daemon-paths.js';
import { askAdminSocket, frameReply } from '../../src/os/admin-socket-wire.js';
import { findCommand, socketCommands } from '../../src/daemon/admin-socket/commands.js';
import { AdminSocketServer } from '../../src/daemon/admin-socket/server.js';
import type { MirrorControl } from '../../src/daemon/admin-socket/status.js';

const home = mkdtempSync(join(tmpdir(), 'rbdm-asok-unit-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('run-time paths', () => {
  test('defaults under $RBDM_HOME/run, with Ceph\'s metavariables', () => {
    const p = daemonPathOptions({ cluster: 'rbdm-unit', name: 'client.rbd-mirror.a' }, { RBDM_HOME: home });
    expect(p).toEqual({
      runDir: join(home, 'run'),
      adminSocket: join(home, 'run', 'rbdm-unit-client.rbd-mirror.a.$pid.$cctid.asok'),
      pidFile: join(home, 'run', 'rbdm-unit-client.rbd-mirror.a.pid'),
    });
    expect(expandProcessVars(p.adminSocket, 42, '7')).toBe(join(home, 'run', 'rbdm-unit-client.rbd-mirror.a.42.7.asok'));
  });

  test('the config file ([client.<id>] over [global]) and the command line set them', () => {
    const conf = join(home, 'x.conf');
    writeFileSync(conf, `[global]\nrun dir = ${home}/r\n[client.rbd-mirror.b]\nadmin socket = $run_dir/$id.asok\npid_file = /tmp/$cluster.$type.pid\n`);
    expect(daemonPathOptions({ cluster: 'c', name: 'client.rbd-mirror.b', conf }, {})).toEqual({
      runDir: `${home}/r`, adminSocket: `${home}/r/rbd-mirror.b.asok`, pidFile: '/tmp/c.client.pid',
    });
    expect(daemonPathOptions({ cluster: 'c', name: 'client.rbd-mirror.b', conf, overrides: { admin_socket: '' } }, {}).adminSocket).toBe('');
  });

  test('a $pid template matches the files a running daemon makes, and only those', () => {
    const m = templateMatcher('/run/x/site-a-client.rbd-mirror.a.$pid.$cctid.asok');
    expect(m.dir).toBe('/run/x');
    expect(m.test('site-a-client.rbd-mirror.a.123.94000000000001.asok')).toEqual({ pid: 123 });
    expect(m.test('site-a-client.rbd-mirror.ab.123.9.asok')).toBeUndefined();
    expect(m.test('site-a-client.rbd-mirror.a.pid')).toBeUndefined();
  });
});

const control: MirrorControl = {
  gid: 4100, isLeader: true, stoppedManually: false, poolReplayers: () => [],
  syncSlots: () => ({ max: 5, running: 0, waiting: 0 }), setManualStop: () => undefined, nextPass: async () => undefined,
};

describe('command table', () => {
  test('Ceph\'s commands, sorted; help lists them; descriptions are literal signatures', async () => {
    const table = socketCommands(control, '/s.asok');
    expect([...table.keys()]).toEqual(['0', 'get_command_descriptions', 'git_version', 'help', 'perf dump', 'perf schema',
      'rbd mirror flush', 'rbd mirror restart', 'rbd mirror start', 'rbd mirror status', 'rbd mirror stop', 'version']);
    const descs = (await table.get('get_command_descriptions')!.run()) as Record<string, { sig: string[] }>;
    expect(descs.cmd006).toEqual({ sig: ['rbd', 'mirror', 'flush'], help: 'flush rbd mirror' });
    expect(await table.get('rbd mirror status')!.run()).toEqual({ pool_replayers: [] });
    // Ceph drops words from the right until a command matches
    expect(findCommand(table, 'rbd mirror status nosuch')).toBe(table.get('rbd mirror status'));
    expect(findCommand(table, 'rbd')).toBeUndefined();
  });
});

describe('wire protocol', () => {
  test('NUL- or newline-terminated request, 4-byte big-endian length reply; socket 0600, removed on close', async () => {
    const path = join(home, 'w.asok');
    const server = new AdminSocketServer(path, async (prefix, format) => JSON.stringify({ prefix, format }));
    expect(await server.listen()).toBeUndefined();
    const { statSync, existsSync } = await import('node:fs');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse((await askAdminSocket(path, '{"prefix": "perf dump", "format": "json"}')).toString())).toEqual({ prefix: 'perf dump', format: 'json' });
    expect(JSON.parse((await askAdminSocket(path, 'version')).toString())).toEqual({ prefix: 'version', format: 'json-pretty' });
    expect(frameReply('ab')).toEqual(Buffer.from([0, 0, 0, 2, 0x61, 0x62]));
    // a second server refuses a live socket, and replaces a stale one
    expect(await new AdminSocketServer(path, async () => '').listen()).toMatch(/File exists/);
    server.close();
    expect(existsSync(path)).toBe(false);
  });
});
