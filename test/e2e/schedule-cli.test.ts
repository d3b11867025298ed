import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPool, ok, rbdIn, storeDigest, tempHome } from '../helpers/rbd.js';
import { addImages, enablePool, openStore, type Db } from './status-fixtures.js';

const S = ['--cluster', 'site-a', 'mirror', 'snapshot', 'schedule'];

describe('mirror snapshot schedule (transcript section 7)', () => {
  const home = tempHome();
  let db: Db;
  const sched = (...args: string[]) => ok(home, [...S, ...args]);

  beforeAll(async () => {
    for (const pool of ['image-pool', 'peer-lab']) await createPool(home, 'site-a', pool);
    db = openStore(home, 'site-a');
    enablePool(db, 'image-pool');
    addImages(db, 'image-pool', [{ name: 'image-1' }, { name: 'image-2', mode: 'snapshot' }, { name: 'image-3', mode: 'snapshot' },
      { name: 'image-4', mode: 'snapshot', promotion: 'non-primary' }]);
  });
  afterAll(() => db.close());

  test('nothing scheduled: ls exits 2 silently, ls -R prints the header or []', async () => {
    expect(await rbdIn(home, [...S, 'ls'])).toEqual({ code: 2, stdout: '', stderr: '' });
    expect(await rbdIn(home, [...S, 'ls', '--format', 'json', '--pretty-format'])).toEqual({ code: 2, stdout: '', stderr: '' });
    expect(await sched('ls', '--recursive')).toBe('POOL  NAMESPACE  IMAGE  SCHEDULE\n');
    expect(await sched('ls', '--recursive', '--format', 'json', '--pretty-format')).toBe('[]\n');
    expect(await sched('status')).toBe('SCHEDULE TIME  IMAGE\n');
    expect(await sched('status', '--format', 'json')).toBe('[]\n');
  });

  test('add at every level, normalised; a duplicate is a no-op', async () => {
    expect(await sched('add', '--pool', 'image-pool', '24h', '14:00:00-05:00')).toBe('');
    await sched('add', '--pool', 'image-pool', '--image', 'image-2', '6h');
    const before = storeDigest(home);
    await sched('add', '--pool', 'image-pool', '--image', 'image-2', '6h');
    expect(storeDigest(home)).toBe(before);
    await sched('add', '--pool', 'image-pool', '--image', 'image-2', '30m');
    await sched('add', '1d', '03:30');
    await sched('add', '-p', 'image-pool', '--image', 'image-3', '1m');

    expect(await sched('ls')).toBe('every 1d starting at 03:30:00\n');
    expect(await sched('ls', '--format', 'json', '--pretty-format')).toBe('[\n    {\n        "interval": "1d",\n        "start_time": "03:30:00"\n    }\n]\n');
    expect(await sched('ls', '--pool', 'image-pool')).toBe('every 1d starting at 14:00:00-05:00\n');
    expect(await sched('ls', '--pool', 'image-pool', '--image', 'image-2')).toBe('every 30m, every 6h\n');
    expect(JSON.parse(await sched('ls', '--pool', 'image-pool', '--image', 'image-2', '--format', 'json')))
      .toEqual([{ interval: '30m', start_time: '' }, { interval: '6h', start_time: '' }]);
  });

  test('ls -R: table and JSON of the level and below', async () => {
    expect(await sched('ls', '--recursive')).toBe(
      'POOL        NAMESPACE  IMAGE    SCHEDULE                           \n' +
      '-           -          -        every 1d starting at 03:30:00      \n' +
      'image-pool  -          -        every 1d starting at 14:00:00-05:00\n' +
      'image-pool             image-2  every 30m, every 6h                \n' +
      'image-pool             image-3  every 1m                           \n');
    expect(await sched('ls', '-R', '--pool', 'image-pool', '--image', 'image-2')).toBe(
      'POOL        NAMESPACE  IMAGE    SCHEDULE           \nimage-pool             image-2  every 30m, every 6h\n');
    expect(JSON.parse(await sched('ls', '--pool', 'image-pool', '--recursive', '--format', 'json'))).toEqual([
      { pool: 'image-pool', namespace: '-', image: '-', items: [{ interval: '1d', start_time: '14:00:00-05:00' }] },
      { pool: 'image-pool', namespace: '', image: 'image-2', items: [{ interval: '30m', start_time: '' }, { interval: '6h', start_time: '' }] },
      { pool: 'image-pool', namespace: '', image: 'image-3', items: [{ interval: '1m', start_time: '' }] },
    ]);
    // a level without schedules of its own still lists its nearest scheduled ancestor
    expect(JSON.parse(await sched('ls', '-R', '--pool', 'image-pool', '--image', 'image-4', '--format', 'json')).map((e: { image: string }) => e.image))
      .toEqual(['-']);
  });

  test('status: primary snapshot-mode images only, most specific level wins, filtered by level', async () => {
    const list = JSON.parse(await sched('status', '--format', 'json')) as { schedule_time: string; image: string }[];
    expect(list.map((s) => s.image)).toEqual(['image-pool/image-3', 'image-pool/image-2']);
    for (const s of list) expect(s.schedule_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:00$/);
    const next = (t: string) => new Date(t.replace(' ', 'T')).getTime();
    const inMs = next(list[0]!.schedule_time) - Date.now();
    expect(inMs).toBeGreaterThan(0);
    expect(inMs).toBeLessThanOrEqual(60_000);
    expect(next(list[1]!.schedule_time) % (30 * 60_000)).toBe(0);
    const table = await sched('status', '--pool', 'image-pool', '--image', 'image-2');
    expect(table).toBe(`SCHEDULE TIME        IMAGE             \n${list[1]!.schedule_time}  image-pool/image-2\n`);
    expect(await sched('status', '--pool', 'image-pool', '--image', 'image-2', '--format', 'xml')).toBe(
      `<scheduled_images><image><schedule_time>${list[1]!.schedule_time}</schedule_time><image>image-pool/image-2</image></image></scheduled_images>\n`);
  });

  test('remove must match interval and start time; rm without interval clears the level', async () => {
    await sched('remove', '--pool', 'image-pool', '--image', 'image-2', '6h');
    await sched('remove', '--pool', 'image-pool', '--image', 'image-2', '6h');
    await sched('remove', '--pool', 'image-pool', '24h');
    expect(await sched('ls', '--pool', 'image-pool')).toBe('every 1d starting at 14:00:00-05:00\n');
    await sched('remove', '--pool', 'image-pool', '1d', '15:00:00-05:00');
    expect(await sched('ls', '--pool', 'image-pool')).toBe('every 1d starting at 14:00:00-05:00\n');
    await sched('remove', '--pool', 'image-pool', '1d', '14:00:00-05:00');
    await sched('rm', '--pool', 'image-pool', '--image', 'image-3');
    await sched('remove', '--pool', 'image-pool', '7h');
    expect(await rbdIn(home, [...S, 'ls', '--pool', 'image-pool'])).toEqual({ code: 2, stdout: '', stderr: '' });
    expect(await sched('ls', '-R')).toBe(
      'POOL        NAMESPACE  IMAGE    SCHEDULE                     \n' +
      '-           -          -        every 1d starting at 03:30:00\n' +
      'image-pool             image-2  every 30m                    \n');
  });

  test('normalisation: bare minutes, a date prefix, Z and offsets; a pool without mirroring is fine', async () => {
    await sched('add', '--pool', 'image-pool', '5');
    await sched('add', '--pool', 'image-pool', '90m');
    await sched('add', '--pool', 'image-pool', '48h', '2024-01-01T14:00:00');
    await sched('add', '--pool', 'image-pool', '2h', '01:00Z');
    await sched('add', '--pool', 'image-pool', '3h', '01:00+02:00');
    await sched('add', '--pool', 'peer-lab', '1h');
    expect(JSON.parse(await sched('ls', '--pool', 'image-pool', '--format', 'json'))).toEqual([
      { interval: '3h', start_time: '01:00:00+02:00' }, { interval: '2h', start_time: '01:00:00+00:00' },
      { interval: '2d', start_time: '14:00:00' }, { interval: '90m', start_time: '' }, { interval: '5m', start_time: '' },
    ]);
    expect(await sched('ls', '--pool', 'peer-lab')).toBe('every 1h\n');
    for (const args of [['5'], ['90m'], ['2d', '14:00'], ['2h', '01:00Z'], ['3h', '01:00+02:00']]) await sched('rm', '--pool', 'image-pool', ...args);
    await sched('rm', '--pool', 'peer-lab', '1h');
    expect(await rbdIn(home, [...S, 'ls', '--pool', 'image-pool'])).toMatchObject({ code: 2 });
  });

  const failed = (verb: string, text: string) => `rbd: rbd mirror snapshot schedule ${verb} failed: (22) Invalid argument: ${text}\n`;
  const BAD: [string[], number, string][] = [
    [['add', '--pool', 'image-pool', '5x'], 22, failed('add', 'Invalid interval (5x)')],
    // real Ceph stores 0m and then breaks every later add: refused here
    [['add', '--pool', 'image-pool', '0m'], 22, failed('add', 'Invalid interval (0m)')],
    [['add', '--pool', 'image-pool', '--', '-1h'], 22, failed('add', 'Invalid interval (-1h)')],
    [['add', '--pool', 'image-pool', '1w'], 22, failed('add', 'Invalid interval (1w)')],
    [['add', '--pool', 'image-pool', '1H'], 22, failed('add', 'Invalid interval (1H)')],
    [['add', '--pool', 'image-pool', '1h', '25:00'], 22, failed('add', 'Invalid start time 25:00: hour must be in 0..23: 25:00')],
    [['add', '--pool', 'image-pool', '1h', 'noon'], 22, failed('add', 'Invalid start time noon: Unknown string format: noon')],
    [['add', '--pool', 'image-pool'], 22, "rbd: missing 'interval' argument\n"],
    [['add', '--pool', 'no-such-pool', '1h'], 22, failed('add', 'Invalid level spec no-such-pool/: pool no-such-pool does not exist')],
    [['add', '--image', 'image-3', '12h'], 22, failed('add', 'Invalid level spec rbd/image-3: pool rbd does not exist')],
    [['add', '--pool', 'image-pool', '--image', 'no-such-image', '1h'], 22,
      failed('add', 'Invalid level spec image-pool/no-such-image: image no-such-image does not exist')],
    [['add', '--pool', 'image-pool', '--image', 'image-1', '1h'], 22,
      failed('add', 'Invalid level spec image-pool/image-1: image image-1 is not in snapshot mirror mode')],
    [['add', '--pool', 'image-pool', '--namespace', 'ns1', '1h'], 22,
      failed('add', 'Invalid level spec image-pool/ns1/: namespace ns1 does not exist')],
    [['add', '-p', 'image-pool', '--image', 'image-pool/image-2', '1h'], 22, 'rbd: pool is specified both via pool and image options\n'],
    [['add', '--namespace', 'ns', '--image', 'image-pool/ns/image-2', '1h'], 22, 'rbd: namespace is specified both via namespace and image options\n'],
    [['ls', '--pool', 'no-such-pool'], 22, failed('list', 'Invalid level spec no-such-pool/: pool no-such-pool does not exist')],
    [['ls', '--pool', 'no-such-pool', '--format', 'json', '--pretty-format'], 22,
      failed('list', 'Invalid level spec no-such-pool/: pool no-such-pool does not exist')],
    [['status', '--pool', 'no-such-pool'], 74,
      failed('status', 'Invalid level spec no-such-pool/: pool no-such-pool does not exist')],
    [['status', '--pool', 'image-pool', '--image', 'image-1'], 74,
      failed('status', 'Invalid level spec image-pool/image-1: image image-1 is not in snapshot mirror mode')],
    [['add', '--pool', 'image-pool', '1h', '14:00', 'extra'], 1, 'rbd: too many arguments\n'],
  ];

  test('remove checks the interval only on a level that has schedules (rbd_support Schedules.remove)', async () => {
    expect(await rbdIn(home, [...S, 'remove', '--pool', 'image-pool', '5x'])).toEqual({ code: 0, stdout: '', stderr: '' });
    await sched('add', '--pool', 'image-pool', '1h');
    const before = storeDigest(home);
    expect(await rbdIn(home, [...S, 'remove', '--pool', 'image-pool', '5x']))
      .toEqual({ code: 22, stdout: '', stderr: failed('remove', 'Invalid interval (5x)') });
    expect(storeDigest(home)).toBe(before);
    await sched('rm', '--pool', 'image-pool', '1h');
  });

  test.each(BAD)('bad input %j exits %i with the real message and changes nothing', async (args, code, stderr) => {
    const before = storeDigest(home);
    expect(await rbdIn(home, [...S, ...args])).toEqual({ code, stdout: '', stderr });
    expect(storeDigest(home)).toBe(before);
  });
});
