// snapl: the domain rules of clone and snap rename that run before any backend call.
import { describe, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { parseCloneFormat, renameSnapshot } from '../../src/domain/clones.js';
import { Errno, RbdError } from '../../src/errors.js';

const untouched = new Proxy({}, { get: (_, k) => () => { throw new Error(`backend.${String(k)} called`); } }) as Backend;
const ref = (image: string, snap: string) => ({ pool: 'p', namespace: '', image, snap, poolDefaulted: false });

describe('rbd_default_clone_format', () => {
  test.each([['1', 1], ['2', 2], ['auto', 'auto']] as const)('%s is accepted', (v, want) => expect(parseCloneFormat(v)).toBe(want));
  test.each(['3', '', 'AUTO', 'v2'])('%j is EINVAL with the config parser\'s words', (v) => {
    expect(() => parseCloneFormat(v)).toThrow(new RbdError(Errno.EINVAL,
      `parse error setting 'rbd_default_clone_format' to '${v}' ('${v}' is not one of the permitted values: 1, 2, auto)`));
  });
});

describe('snap rename', () => {
  test('a destination in another image is EINVAL before the image is opened', async () => {
    await expect(renameSnapshot(untouched, ref('a', 's'), ref('b', 't'))).rejects.toEqual(
      new RbdError(Errno.EINVAL, 'source and destination image name must be the same'));
  });
});
