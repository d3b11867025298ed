import { describe, expect, test } from 'vitest';
import { decodeToken, encodeToken, type BootstrapToken } from '../../src/rules/token.js';

const REAL_CEPH_TOKEN = 'eyJmc2lkIjoiMmU5N2JiMDktOWI5Ny00MjMxLTkwYWYtOTZlNjE5ODhlMzJjIiwiY2xpZW50X2lkIjoicmJkLW1pcnJvci1wZWVyIiwia2V5IjoiQVFCNXpBWnJwQjBFTWhBQUoyc2ZKM2s5eUF3ZzEvOXJYSGxuQmc9PSIsIm1vbl9ob3N0IjoiW3YyOjEyNy4wLjAuMToxMzMwMC8wLHYxOjEyNy4wLjAuMToxNjc4OS8wXSJ9';
const REAL: BootstrapToken = {
  fsid: '2e97bb09-9b97-4231-90af-96e61988e32c',
  client_id: 'rbd-mirror-peer',
  key: 'AQB5zAZrpB0EMhAAJ2sfJ3k9yAwg1/9rXHlnBg==',
  mon_host: '[v2:127.0.0.1:13300/0,v1:127.0.0.1:16789/0]',
};
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const urlSafe = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_');

describe('bootstrap token codec', () => {
  test('encodes exactly as real Ceph does (byte-identical token)', () => {
    expect(encodeToken(REAL)).toBe(REAL_CEPH_TOKEN);
  });

  test('key order is fsid, client_id, key, mon_host whatever the input order', () => {
    const t = encodeToken({ mon_host: 'm', key: 'k', client_id: 'c', fsid: 'f' });
    expect(Buffer.from(t, 'base64').toString()).toBe('{"fsid":"f","client_id":"c","key":"k","mon_host":"m"}');
  });

  test('decodes a real Ceph token, with or without its trailing newline', () => {
    expect(decodeToken(REAL_CEPH_TOKEN)).toEqual(REAL);
    expect(decodeToken(REAL_CEPH_TOKEN + '\n')).toEqual(REAL);
    expect(decodeToken(`  ${REAL_CEPH_TOKEN}\r\n`)).toEqual(REAL);
  });

  test('round-trips, padded and unpadded, standard and url-safe alphabets', () => {
    // a key with + and / characters and a length that needs padding
    const t: BootstrapToken = { fsid: 'a', client_id: 'b', key: '+/+/??>>', mon_host: 'local:/x' };
    const std = encodeToken(t);
    expect(std).toMatch(/[+/]/);
    expect(std).toMatch(/=$/);
    for (const form of [std, std.replace(/=+$/, ''), urlSafe(std), urlSafe(std).replace(/=+$/, '')]) {
      expect(decodeToken(form)).toEqual(t);
    }
  });

  test('ignores anything after a NUL, as rbd reads into a C string', () => {
    expect(decodeToken(REAL_CEPH_TOKEN + '\0garbage')).toEqual(REAL);
  });

  test('extra keys are tolerated', () => {
    expect(decodeToken(b64(JSON.stringify({ ...REAL, extra: 1 })))).toEqual(REAL);
  });

  test.each([
    ['not base64 at all', 'this is not base64!', 'failed to decode base64'],
    ['impossible length', 'abcde', 'failed to decode base64'],
    ['bad padding', 'ab=c', 'failed to decode base64'],
    ['too much padding', 'abc==', 'failed to decode base64'],
    ['base64 of non-JSON', b64('hello world'), 'invalid bootstrap token JSON received'],
    ['empty', '', 'invalid bootstrap token JSON received'],
    ['only a newline', '\n', 'invalid bootstrap token JSON received'],
    ['JSON array', b64(JSON.stringify([REAL])), 'invalid bootstrap token JSON received'],
    ['JSON null', b64('null'), 'invalid bootstrap token JSON received'],
    ['JSON string', b64('"x"'), 'invalid bootstrap token JSON received'],
    ['missing mon_host', b64(JSON.stringify({ fsid: 'a', client_id: 'b', key: 'c' })), 'invalid bootstrap token JSON received'],
    ['missing fsid', b64(JSON.stringify({ client_id: 'b', key: 'c', mon_host: 'd' })), 'invalid bootstrap token JSON received'],
    ['non-string key', b64(JSON.stringify({ ...REAL, key: 5 })), 'invalid bootstrap token JSON received'],
  ])('%s is rejected with EINVAL', (_name, input, message) => {
    expect(() => decodeToken(input)).toThrowError(message);
    try { decodeToken(input); } catch (e) { expect((e as { errno: number }).errno).toBe(22); }
  });
});
