import { describe, expect, test } from 'vitest';
import { parseByteCount, parseIec, parseImageSize } from '../../src/domain/size.js';
import { bytesHuman } from '../../src/rules/byte-units.js';
import { ctime } from '../../src/render/image-units.js';

describe('--size as rbd reads it', () => {
  test.each([
    ['64', 64 * 2 ** 20],          // a bare number is MiB
    ['64M', 64 * 2 ** 20],
    ['64MB', 64 * 2 ** 20],        // strict_iecstrtoll only looks at the first unit letter
    ['64Mi', 64 * 2 ** 20],
    ['1G', 2 ** 30],
    ['2T', 2 * 2 ** 40],
    ['512K', 512 * 1024],
    ['4096B', 4096],
    ['0', 0],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseImageSize(text)).toBe(bytes);
  });

  test.each(['abc', '', '1.5G', '64m', '64MiB', '5x', 'G', '-1', '1Bi', '99999999999999999999'])(
    '%s is refused as boost refuses it', (text) => {
      expect(() => parseImageSize(text)).toThrow("rbd: the argument for option '--size' is invalid");
    });

  test('object sizes have no default unit', () => {
    expect(parseByteCount('4096', '--object-size')).toBe(4096);
    expect(parseByteCount('8M', '--object-size')).toBe(8 * 2 ** 20);
    expect(() => parseByteCount('8q', '--object-size')).toThrow("rbd: the argument for option '--object-size' is invalid");
  });

  test('parseIec keeps the sign and refuses overflow', () => {
    expect(parseIec('-2K')).toBe(-2048n);
    expect(parseIec('8E')).toBeUndefined();
    expect(parseIec('7E')).toBe(7n << 60n);
  });
});

describe('sizes and times as rbd prints them', () => {
  test.each([
    [0, '0 B'], [1023, '1023 B'], [1024, '1 KiB'], [67108864, '64 MiB'], [33554432, '32 MiB'],
    [1536 * 2 ** 20, '1.5 GiB'], [10239, '10 KiB'], [1500000, '1.4 MiB'], [1126, '1.1 KiB'], [2 ** 40, '1 TiB'],
  ])('%d → %s', (bytes, text) => {
    expect(bytesHuman(bytes)).toBe(text);
  });

  test('ctime pads the day with a space and uses local time', () => {
    const d = new Date(2026, 10, 5, 9, 3, 7);
    expect(ctime(d.getTime())).toBe('Thu Nov  5 09:03:07 2026');
    expect(ctime(0)).toBe('');
  });
});
