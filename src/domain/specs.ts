// Pool, namespace and image specs as rbd parses them (positional, or --pool/--namespace/--image).
import { Errno, RbdError } from '../errors.js';
import type { ImageRef, PoolRef } from '../backends/types.js';

export interface SpecArgs {
  pool?: string;
  namespace?: string;
  image?: string;
}

export interface ResolvedPool extends PoolRef {
  /** The pool came from rbd_default_pool, not from the user (changes the open-failure wording). */
  poolDefaulted: boolean;
}
export interface ResolvedImage extends ImageRef { poolDefaulted: boolean }

function validatePool(pool: string): void {
  if (/[/@]/.test(pool)) throw new RbdError(Errno.EINVAL, `invalid pool '${pool}'`);
}
function validateNamespace(ns: string): void {
  if (/[/@]/.test(ns)) throw new RbdError(Errno.EINVAL, `invalid namespace '${ns}'`);
}

/** `<pool>[/<namespace>]`: the text after the last `/` is the namespace; options win. */
export function parsePoolSpec(spec: string | undefined, opts: SpecArgs, defaultPool: string): ResolvedPool {
  let pool = opts.pool ?? '';
  let namespace = opts.namespace ?? '';
  if (!pool && spec) {
    const slash = spec.lastIndexOf('/');
    if (slash >= 0) {
      pool = spec.slice(0, slash);
      if (!opts.namespace) namespace = spec.slice(slash + 1);
    } else pool = spec;
  }
  const poolDefaulted = !pool;
  if (!pool) pool = defaultPool;
  validatePool(pool);
  validateNamespace(namespace);
  return { pool, namespace, poolDefaulted };
}

/** pool-name commands (peers, bootstrap): no namespace allowed. */
export function parsePoolName(spec: string | undefined, opts: SpecArgs, defaultPool: string): ResolvedPool {
  const pool = opts.pool ?? spec ?? '';
  const poolDefaulted = !pool;
  const name = pool || defaultPool;
  validatePool(name);
  return { pool: name, namespace: '', poolDefaulted };
}

// Mirror commands use the relaxed pattern: pool before the first '/', namespace before the
// second, image up to '@'. A spec the pattern cannot split keeps the default pool (as rbd does).
const IMAGE_SPEC = /^(?:([^/]+)\/(?:([^/]+)\/)?)?([^@]+)(?:@(.+))?$/;

export function parseImageSpec(spec: string | undefined, opts: SpecArgs, defaultPool: string,
  what: { snapshot?: 'forbidden' | 'allowed' } = {}): ResolvedImage & { snap?: string } {
  let pool = opts.pool ?? '';
  let namespace = opts.namespace ?? '';
  let image = '';
  let snap: string | undefined;
  const source = opts.image ?? spec;
  if (opts.image !== undefined && opts.image.includes('/')) {
    if (opts.pool !== undefined) throw new RbdError(Errno.EINVAL, 'pool is specified both via pool and image options');
    if (opts.namespace !== undefined && opts.image.split('/').length > 2) {
      throw new RbdError(Errno.EINVAL, 'namespace is specified both via namespace and image options');
    }
  }
  if (source !== undefined && source !== '') {
    const m = IMAGE_SPEC.exec(source);
    if (!m) throw new RbdError(Errno.EINVAL, `invalid spec '${source}'`);
    if (m[1] !== undefined) pool = m[1];
    if (m[2] !== undefined) namespace = m[2];
    image = m[3] ?? '';
    snap = m[4];
  }
  if (snap !== undefined && what.snapshot !== 'allowed') {
    throw new RbdError(Errno.EINVAL, "snapshot name specified for a command that doesn't use it");
  }
  if (!image) throw new RbdError(Errno.EINVAL, 'image name was not specified');
  const poolDefaulted = !pool;
  if (!pool) pool = defaultPool;
  validatePool(pool);
  validateNamespace(namespace);
  return { pool, namespace, image, poolDefaulted, ...(snap !== undefined ? { snap } : {}) };
}
