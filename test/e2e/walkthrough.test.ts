// The seed guide's walkthrough on two embedded clusters, step by step, through the built binary.
// (With no rbd-mirror daemon running; replication itself is covered by the daemon tests.)
import { describe, expect, test } from 'vitest';
import { ok, okJson, rbdIn, tempHome } from '../helpers/rbd.js';

describe('walkthrough: site-a and site-b', () => {
  const home = tempHome();
  const a = (...args: string[]) => ok(home, ['--cluster', 'site-a', ...args]);
  const b = (...args: string[]) => ok(home, ['--cluster', 'site-b', ...args]);
  const aJson = <T = any>(...args: string[]) => okJson<T>(home, ['--cluster', 'site-a', ...args]);
  const bJson = <T = any>(...args: string[]) => okJson<T>(home, ['--cluster', 'site-b', ...args]);

  test('1. pools and image-mode mirroring with site names', async () => {
    await a('pool', 'init', 'image-pool');
    await b('pool', 'init', 'image-pool');
    expect(await a('mirror', 'pool', 'enable', '--site-name', 'site-a', 'image-pool', 'image')).toBe('');
    expect(await b('mirror', 'pool', 'enable', '--site-name', 'site-b', 'image-pool', 'image')).toBe('');
    expect(await a('mirror', 'pool', 'info', 'image-pool')).toBe('Mode: image\nSite Name: site-a\n\nPeer Sites: none\n');
    expect(await a('mirror', 'pool', 'enable', 'image-pool', 'image')).toBe('rbd: mirroring is already configured for image mode\n');
  });

  test('2. bootstrap token piped over stdin peers site-b with site-a, both ways', async () => {
    const token = await a('mirror', 'pool', 'peer', 'bootstrap', 'create', '--site-name', 'site-a', 'image-pool');
    expect(token).toMatch(/^[A-Za-z0-9+/]+=*\n$/);
    const decoded = JSON.parse(Buffer.from(token.trim(), 'base64').toString());
    expect(Object.keys(decoded)).toEqual(['fsid', 'client_id', 'key', 'mon_host']);
    expect(decoded.client_id).toBe('rbd-mirror-peer');
    expect(await a('mirror', 'pool', 'peer', 'bootstrap', 'create', 'image-pool')).toBe(token); // same token every time

    const r = await rbdIn(home, ['--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', '--site-name', 'site-b', 'image-pool', '-'], { stdin: token });
    expect(r).toMatchObject({ code: 0, stdout: '' });

    const infoB = await bJson('mirror', 'pool', 'info', 'image-pool');
    expect(infoB).toMatchObject({ mode: 'image', site_name: 'site-b', peers: [{ site_name: 'site-a', direction: 'rx-tx', client_name: 'client.rbd-mirror-peer' }] });
    const infoA = await aJson('mirror', 'pool', 'info', 'image-pool');
    expect(infoA.peers).toMatchObject([{ site_name: 'site-b', direction: 'rx-tx', client_name: 'client.rbd-mirror-peer' }]);
    // secrets only with --all
    expect(Object.keys(infoA.peers[0])).toEqual(['uuid', 'direction', 'site_name', 'mirror_uuid', 'client_name']);
    const all = await aJson('mirror', 'pool', 'info', '--all', 'image-pool');
    expect(Object.keys(all.peers[0])).toEqual(['uuid', 'direction', 'site_name', 'mirror_uuid', 'client_name', 'key', 'mon_host']);
    // re-import is idempotent
    await ok(home, ['--cluster', 'site-b', 'mirror', 'pool', 'peer', 'bootstrap', 'import', 'image-pool', '-'], { stdin: token });
    expect((await bJson('mirror', 'pool', 'info', 'image-pool')).peers).toHaveLength(1);
  });

  test('3. manual peers: add, set, remove on a scratch pool', async () => {
    await a('pool', 'init', 'peer-lab');
    await a('mirror', 'pool', 'enable', 'peer-lab', 'image');
    const uuid = (await a('mirror', 'pool', 'peer', 'add', 'peer-lab', 'client.remote@site-c')).trim();
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/);
    await a('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'client', 'client.changed');
    await a('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'site-name', 'site-c2');
    await a('mirror', 'pool', 'peer', 'set', 'peer-lab', uuid, 'mon-host', '127.0.0.1:39999');
    const peer = (await aJson('mirror', 'pool', 'info', '--all', 'peer-lab')).peers[0];
    expect(peer).toMatchObject({ uuid, site_name: 'site-c2', client_name: 'client.changed', mon_host: '127.0.0.1:39999' });
    await a('mirror', 'pool', 'peer', 'remove', 'peer-lab', uuid);
    expect((await aJson('mirror', 'pool', 'info', 'peer-lab')).peers).toEqual([]);
    expect(await a('mirror', 'pool', 'peer', 'remove', 'peer-lab', uuid)).toBe(''); // unknown uuid: exit 0
    await a('mirror', 'pool', 'disable', 'peer-lab');
  });

  test('4. images in journal and snapshot mode; journaling feature rules', async () => {
    await a('create', '--size', '64M', '--image-feature', 'layering,exclusive-lock,journaling', 'image-pool/image-1');
    await a('create', '--size', '64M', 'image-pool/image-2');
    await a('create', '--size', '32M', '--image-feature', 'layering', 'image-pool/image-3');
    expect(await a('mirror', 'image', 'enable', 'image-pool/image-1', 'journal')).toBe('Mirroring enabled\n');
    expect(await a('mirror', 'image', 'enable', 'image-pool/image-2', 'snapshot')).toBe('Mirroring enabled\n');
    const r = await rbdIn(home, ['--cluster', 'site-a', 'feature', 'enable', 'image-pool/image-3', 'journaling']);
    expect(r.code).toBe(22); // journaling needs exclusive-lock
    const info = await aJson('info', 'image-pool/image-1');
    expect(info.mirroring).toMatchObject({ state: 'enabled', mode: 'journal', primary: true });
    expect(info.features).toContain('journaling');
  });

  test('5. mirror snapshots and the limit', async () => {
    for (let i = 0; i < 7; i++) {
      expect(await a('mirror', 'image', 'snapshot', 'image-pool/image-2')).toMatch(/^Snapshot ID: \d+\n$/);
    }
    const snaps = await aJson<any[]>('snap', 'ls', '--all', 'image-pool/image-2');
    const primary = snaps.filter((s) => s.namespace?.type === 'mirror' && s.namespace.state === 'primary');
    expect(primary.length).toBeLessThanOrEqual(5); // rbd_mirroring_max_mirroring_snapshots default
    expect(await aJson<any[]>('snap', 'ls', 'image-pool/image-2')).toEqual([]); // hidden without --all
    const status = await aJson('mirror', 'image', 'status', 'image-pool/image-2');
    expect(status).toMatchObject({ name: 'image-2', state: 'down+unknown', description: 'status not found' });
    expect(status.snapshots.length).toBe(primary.length);
  });

  test('6. demote, promote, forced promote, resync flag', async () => {
    expect(await a('mirror', 'image', 'demote', 'image-pool/image-1')).toBe('Image demoted to non-primary\n');
    expect((await aJson('info', 'image-pool/image-1')).mirroring.primary).toBe(false);
    expect(await a('mirror', 'image', 'resync', 'image-pool/image-1')).toBe('Flagged image for resync from primary\n');
    expect(await a('mirror', 'image', 'promote', 'image-pool/image-1')).toBe('Image promoted to primary\n');
    await a('mirror', 'image', 'demote', 'image-pool/image-2');
    expect(await a('mirror', 'image', 'promote', '--force', 'image-pool/image-2')).toBe('Image promoted to primary\n');
    const again = await rbdIn(home, ['--cluster', 'site-a', 'mirror', 'image', 'promote', 'image-pool/image-2']);
    expect(again.code).toBe(22);
  });

  test('7. snapshot schedules: add, ls, ls -R, status, remove', async () => {
    await a('mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '24h', '14:00:00-05:00');
    await a('mirror', 'snapshot', 'schedule', 'add', '--pool', 'image-pool', '--image', 'image-2', '6h');
    expect(await a('mirror', 'snapshot', 'schedule', 'ls', '--pool', 'image-pool')).toBe('every 1d starting at 14:00:00-05:00\n');
    const tree = await aJson<any[]>('mirror', 'snapshot', 'schedule', 'ls', '-R');
    expect(tree).toEqual([
      { pool: 'image-pool', namespace: '-', image: '-', items: [{ interval: '1d', start_time: '14:00:00-05:00' }] },
      { pool: 'image-pool', namespace: '', image: 'image-2', items: [{ interval: '6h', start_time: '' }] },
    ]);
    const st = await aJson('mirror', 'snapshot', 'schedule', 'status', '--pool', 'image-pool');
    expect(JSON.stringify(st)).toContain('image-pool/image-2');
    await a('mirror', 'snapshot', 'schedule', 'remove', '--pool', 'image-pool', '--image', 'image-2', '6h');
    const none = await rbdIn(home, ['--cluster', 'site-a', 'mirror', 'snapshot', 'schedule', 'ls', '--pool', 'image-pool', '--image', 'image-2']);
    expect(none).toMatchObject({ code: 2, stdout: '' });
  });

  test('8. pool status with no daemon: UNKNOWN daemon health, down+unknown images', async () => {
    const s = await aJson('mirror', 'pool', 'status', 'image-pool');
    expect(s.summary).toMatchObject({ daemon_health: 'UNKNOWN', image_health: 'WARNING', health: 'WARNING', states: { unknown: 2 } });
  });

  test('9. pool demote and promote', async () => {
    expect(await a('mirror', 'pool', 'demote', 'image-pool')).toBe('Demoted 2 mirrored images\n');
    expect(await a('mirror', 'pool', 'demote', 'image-pool')).toBe('Demoted 0 mirrored images\n');
    expect(await a('mirror', 'pool', 'promote', 'image-pool')).toBe('Promoted 2 mirrored images\n');
  });

  test('10. pool mode: journaling images are mirrored; disabling the pool cascades to its images', async () => {
    await a('pool', 'init', 'pool-2');
    await a('mirror', 'pool', 'enable', 'pool-2', 'pool');
    await a('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock,journaling', 'pool-2/pm-journal');
    await a('create', '--size', '8M', '--image-feature', 'layering,exclusive-lock', 'pool-2/pm-plain');
    expect((await aJson('info', 'pool-2/pm-journal')).mirroring).toMatchObject({ state: 'enabled', mode: 'journal' });
    expect((await aJson('info', 'pool-2/pm-plain')).mirroring).toBeUndefined();
    await a('mirror', 'pool', 'disable', 'pool-2');
    expect((await aJson('info', 'pool-2/pm-journal')).mirroring).toBeUndefined();
    expect(await a('mirror', 'pool', 'info', 'pool-2')).toBe('Mode: disabled\n');
  });
});
