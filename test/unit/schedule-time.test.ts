import { describe, expect, test } from 'vitest';
import type { ScheduleEntry } from '../../src/backends/types.js';
import { levelSpecName, parseInterval, parseStartTime } from '../../src/domain/schedule-spec.js';
import { parseLevelName } from '../../src/rules/schedule-level.js';
import { effectiveSchedule, nextSnapshotTime } from '../../src/rules/schedule-time.js';

const utc = (s: string) => Date.parse(s + 'Z');

describe('interval and start time (rbd_support)', () => {
  test('intervals normalise to the largest exact unit; no unit means minutes', () => {
    expect(['24h', '60m', '90m', '5', '1d', '48h', '1440'].map((i) => parseInterval(i, { allowZero: false })))
      .toEqual(['1d', '1h', '90m', '5m', '1d', '2d', '1d']);
  });
  test('bad intervals, and zero when adding, are refused with the mgr text', () => {
    for (const bad of ['5x', '-1h', '1w', '1H', '', 'h']) expect(() => parseInterval(bad, { allowZero: false })).toThrow(`Invalid interval (${bad})`);
    expect(() => parseInterval('0m', { allowZero: false })).toThrow('Invalid interval (0m)');
    expect(parseInterval('0m', { allowZero: true })).toBe('0d');
  });
  test('start times keep hour and minute, and the offset when given', async () => {
    expect(await parseStartTime('14:00:00-05:00')).toBe('14:00:00-05:00');
    expect(await parseStartTime('03:30')).toBe('03:30:00');
    expect(await parseStartTime('01:00Z')).toBe('01:00:00+00:00');
    expect(await parseStartTime('01:00+02:00')).toBe('01:00:00+02:00');
    expect(await parseStartTime('2024-01-01T14:00:00')).toBe('14:00:00');
    expect(await parseStartTime('2024-01-01 14:05')).toBe('14:05:00');
    expect(await parseStartTime('9:15')).toBe('09:15:00');
  });
  test('bad start times', async () => {
    await expect(parseStartTime('25:00')).rejects.toThrow('Invalid start time 25:00: hour must be in 0..23: 25:00');
    await expect(parseStartTime('14:60')).rejects.toThrow('Invalid start time 14:60: minute must be in 0..59: 14:60');
    await expect(parseStartTime('noon')).rejects.toThrow('Invalid start time noon: Unknown string format: noon');
  });
});

describe('levels', () => {
  test('level spec names as rbd builds them', () => {
    expect(levelSpecName({}, 'rbd')).toBe('');
    expect(levelSpecName({ pool: 'p' }, 'rbd')).toBe('p/');
    expect(levelSpecName({ pool: 'p/ns' }, 'rbd')).toBe('p/ns/');
    expect(levelSpecName({ namespace: 'ns' }, 'rbd')).toBe('rbd/ns/');
    expect(levelSpecName({ image: 'img' }, 'rbd')).toBe('rbd/img');
    expect(levelSpecName({ pool: 'p', namespace: 'ns', image: 'img' }, 'rbd')).toBe('p/ns/img');
    expect(levelSpecName({ image: 'p/ns/img' }, 'rbd')).toBe('p/ns/img');
  });
  test('and parsed back as the mgr does', () => {
    expect(parseLevelName('').level).toEqual({});
    expect(parseLevelName('p/').level).toEqual({ pool: 'p' });
    expect(parseLevelName('p/ns/').level).toEqual({ pool: 'p', namespace: 'ns' });
    expect(parseLevelName('p/img').level).toEqual({ pool: 'p', namespace: '', image: 'img' });
    expect(parseLevelName('p/ns/img').level).toEqual({ pool: 'p', namespace: 'ns', image: 'img' });
  });
});

describe('effective schedule and next run', () => {
  const entries: ScheduleEntry[] = [
    { level: {}, items: [{ interval: '1d', startTime: '03:30:00' }] },
    { level: { pool: 'p' }, items: [{ interval: '1d', startTime: '14:00:00-05:00' }] },
    { level: { pool: 'p', namespace: 'ns' }, items: [{ interval: '2h', startTime: null }] },
    { level: { pool: 'p', namespace: '', image: 'a' }, items: [{ interval: '6h', startTime: null }, { interval: '30m', startTime: null }] },
    { level: { pool: 'p', namespace: 'ns', image: 'a' }, items: [] },
  ];
  test('the most specific level with any schedule applies', () => {
    expect(effectiveSchedule(entries, { pool: 'p', namespace: '', image: 'a' })).toEqual(entries[3]!.items);
    expect(effectiveSchedule(entries, { pool: 'p', namespace: '', image: 'b' })).toEqual(entries[1]!.items);
    expect(effectiveSchedule(entries, { pool: 'p', namespace: 'ns', image: 'a' })).toEqual(entries[2]!.items);
    expect(effectiveSchedule(entries, { pool: 'q', namespace: '', image: 'a' })).toEqual(entries[0]!.items);
    expect(effectiveSchedule(entries.slice(1), { pool: 'q', namespace: '', image: 'a' })).toBeUndefined();
  });
  test('next run: earliest anchor + k·interval strictly after now', () => {
    const now = utc('2026-11-25T12:07:30');
    expect(nextSnapshotTime([{ interval: '1m', startTime: null }], now, 0)).toBe(utc('2026-11-25T12:08:00'));
    expect(nextSnapshotTime([{ interval: '6h', startTime: null }, { interval: '30m', startTime: null }], now, 0)).toBe(utc('2026-11-25T12:30:00'));
    expect(nextSnapshotTime([{ interval: '1d', startTime: '14:00:00-05:00' }], now, 0)).toBe(utc('2026-11-25T19:00:00'));
    expect(nextSnapshotTime([{ interval: '1d', startTime: '03:30:00' }], now, 0)).toBe(utc('2026-11-26T03:30:00'));
    // a start time without offset is local time: 03:30 at UTC+2 is 01:30 UTC
    expect(nextSnapshotTime([{ interval: '1d', startTime: '03:30:00' }], now, 120)).toBe(utc('2026-11-26T01:30:00'));
    expect(nextSnapshotTime([{ interval: '1h', startTime: null }], utc('2026-11-25T12:00:00'), 0)).toBe(utc('2026-11-25T13:00:00'));
    expect(nextSnapshotTime([], now)).toBeUndefined();
    expect(nextSnapshotTime([{ interval: '0d', startTime: null }], now)).toBeUndefined();
  });
});
