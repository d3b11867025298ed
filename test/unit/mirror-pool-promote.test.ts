// The pool-wide promote/demote loop over a fake backend: order, skipping, counting, failures.
import { describe, expect, test } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import type { ImageRef, MirrorImageInfo } from '../../src/backends/types.js';
import { demotePool, promotePool } from '../../src/domain/pool-promote.js';
import { Errno, RbdError } from '../../src/errors.js';

const info = (state: MirrorImageInfo['state'], primary: boolean): MirrorImageInfo =>
  ({ globalId: 'g', state, mode: 'journal', primary, promotionState: primary ? 'primary' : 'non-primary' });

function fakeBackend(images: Record<string, MirrorImageInfo | number>, failing: Record<string, number> = {}) {
  const calls: string[] = [];
  const backend = {
    poolId: async () => 1,
    namespaceExists: async () => true,
    getMirrorMode: async () => 'image',
    listImages: async () => Object.keys(images),
    mirrorImageGetInfo: async (ref: ImageRef) => {
      const v = images[ref.image]!;
      if (typeof v === 'number') throw new RbdError(v, 'x');
      return v;
    },
    mirrorImagePromote: async (ref: ImageRef, force: boolean) => {
      calls.push(`promote ${ref.image}${force ? ' --force' : ''}`);
      if (failing[ref.image]) throw new RbdError(failing[ref.image]!, 'x');
    },
    mirrorImageDemote: async (ref: ImageRef) => {
      calls.push(`demote ${ref.image}`);
      if (failing[ref.image]) throw new RbdError(failing[ref.image]!, 'x');
    },
  } as unknown as Backend;
  return { backend, calls };
}

const ref = { pool: 'p', namespace: '', poolDefaulted: false };

describe('pool promote/demote loop', () => {
  test('alphabetical, skips disabled and already-primary images, counts successes', async () => {
    const { backend, calls } = fakeBackend({
      zeta: info('enabled', false), alpha: info('enabled', false), beta: info('enabled', true), gamma: info('disabled', false),
    });
    expect(await promotePool(backend, ref, { force: true })).toEqual({ verb: 'Promoted', count: 2, failures: [] });
    expect(calls).toEqual(['promote alpha --force', 'promote zeta --force']);
  });

  test('demote skips non-primary images', async () => {
    const { backend, calls } = fakeBackend({ a: info('enabled', true), b: info('enabled', false), c: info('disabling', true) });
    expect(await demotePool(backend, ref)).toEqual({ verb: 'Demoted', count: 1, failures: [] });
    expect(calls).toEqual(['demote a']);
  });

  test('failures are reported per image with strerror; ENOENT (image vanished) is ignored', async () => {
    const { backend } = fakeBackend(
      { a: info('enabled', false), b: info('enabled', false), c: info('enabled', false), d: Errno.ENOENT, e: Errno.EIO },
      { a: Errno.EBUSY, b: Errno.ENOENT },
    );
    expect(await promotePool(backend, ref, { force: false })).toEqual({
      verb: 'Promoted', count: 1, failures: [
        { message: 'failed to promote image a: (16) Device or resource busy', errno: Errno.EBUSY },
        { message: 'failed to retrieve mirror image info for e: (5) Input/output error', errno: Errno.EIO },
      ],
    });
  });

  test('mirroring disabled is EINVAL before any image is touched', async () => {
    const { backend, calls } = fakeBackend({ a: info('enabled', false) });
    (backend as unknown as { getMirrorMode: () => Promise<string> }).getMirrorMode = async () => 'disabled';
    await expect(promotePool(backend, ref, { force: false })).rejects.toThrow('mirroring not enabled on the pool');
    expect(calls).toEqual([]);
  });
});
