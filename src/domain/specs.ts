// Pool, namespace, image and snapshot specs as rbd resolves them: the positional spec or the
// --pool/--namespace/--image/--snap options. One resolver for every command, in the shape of
// rbd's utils::get_pool_image_snapshot_names: how strictly names are validated (extract_spec's
// three levels) times whether a snapshot is required, permitted or refused. A command declares
// which it wants on its definition (`spec` in src/cli/define.ts).
import { Errno, RbdError } from '../errors.js';
import type { ImageRef, PoolRef } from '../backends/types.js';

export interface SpecArgs {
  pool?: string;
  namespace?: string;
  image?: string;
  snap?: string;
}

/** utils::SpecValidation: create validates everything, snap create the snapshot name, the rest nothing. */
export type SpecValidation = 'full' | 'snap' | 'none';
/** utils::SnapshotPresence */
export type SnapPresence = 'none' | 'permitted' | 'required';

/** What a command's spec names. */
export type SpecRule =
  /** `[<pool>/[<namespace>/]]<image>[@<snap>]` */
  | { kind: 'image'; validation: SpecValidation; snapshot: SnapPresence }
  /** `<pool>[/<namespace>]` */
  | { kind: 'pool' }
  /** `<pool>`: pool-level commands (peers, bootstrap, namespaces, pool init) */
  | { kind: 'pool-name' };

export interface ResolvedPool extends PoolRef {
  /** The pool came from rbd_default_pool, not from the user (changes the open-failure wording). */
  poolDefaulted: boolean;
}
export interface ResolvedImage extends ImageRef { poolDefaulted: boolean }
/** An image spec with its snapshot part ('' when none was given). */
export interface ResolvedSnapImage extends ResolvedImage { snap: string }

export type Resolved<R extends SpecRule> = R extends { kind: 'image' } ? ResolvedSnapImage : ResolvedPool;

// utils::extract_spec, one pattern per validation level: pool, namespace, image, snapshot.
const PATTERNS: Record<SpecValidation, RegExp> = {
  full: /^(?:([^/@]+)\/(?:([^/@]+)\/)?)?([^/@]+)(?:@([^/@]+))?$/,
  snap: /^(?:([^/]+)\/(?:([^/@]+)\/)?)?([^@]+)(?:@([^/@]+))?$/,
  none: /^(?:([^/]+)\/(?:([^/@]+)\/)?)?([^@]+)(?:@(.+))?$/,
};
const PLAIN_NAME = /^[^@/]*$/;

export interface ExtractedSpec { pool?: string; namespace?: string; image: string; snap?: string }

/** utils::extract_spec: the parts of one spec text; parts the text does not name are undefined. */
export function extractSpec(text: string, validation: SpecValidation): ExtractedSpec {
  const m = PATTERNS[validation].exec(text);
  if (!m) throw new RbdError(Errno.EINVAL, `invalid spec '${text}'`);
  return { pool: m[1], namespace: m[2], image: m[3]!, snap: m[4] };
}

/** The one entry point: the spec a command declared, from its positional and options. */
export function resolveSpec<R extends SpecRule>(rule: R, spec: string | undefined, opts: SpecArgs, defaultPool: string): Resolved<R> {
  switch (rule.kind) {
    case 'image': return resolveImageSpec(spec, opts, defaultPool, rule) as Resolved<R>;
    case 'pool': return resolvePoolSpec(spec, opts, defaultPool) as Resolved<R>;
    default: return resolvePoolName(spec, opts, defaultPool) as Resolved<R>;
  }
}

function validatePool(pool: string): void {
  if (/[/@]/.test(pool)) throw new RbdError(Errno.EINVAL, `invalid pool '${pool}'`);
}
function validateNamespace(ns: string): void {
  if (/[/@]/.test(ns)) throw new RbdError(Errno.EINVAL, `invalid namespace '${ns}'`);
}

/** utils::get_pool_and_namespace_names: the text after the last `/` is the namespace; options win. */
export function resolvePoolSpec(spec: string | undefined, opts: SpecArgs, defaultPool: string): ResolvedPool {
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

/** A pool name alone (no namespace). */
export function resolvePoolName(spec: string | undefined, opts: SpecArgs, defaultPool: string): ResolvedPool {
  const pool = opts.pool ?? spec ?? '';
  const poolDefaulted = !pool;
  const name = pool || defaultPool;
  validatePool(name);
  return { pool: name, namespace: '', poolDefaulted };
}

/** get_pool_image_snapshot_names: options first, then `--image` or the positional spec. */
export function resolveImageSpec(spec: string | undefined, opts: SpecArgs, defaultPool: string,
  rule: { validation: SpecValidation; snapshot: SnapPresence }): ResolvedSnapImage {
  let pool = opts.pool ?? '';
  let namespace = opts.namespace ?? '';
  let image = opts.image ?? '';
  let snap = opts.snap ?? '';
  const text = image || spec;
  if (text) {
    const parts = extractSpec(text, rule.validation);
    if (parts.pool !== undefined) pool = parts.pool;
    if (parts.namespace !== undefined) namespace = parts.namespace;
    image = parts.image;
    if (parts.snap !== undefined) snap = parts.snap;
  }
  if (!image) throw new RbdError(Errno.EINVAL, 'image name was not specified');
  if (rule.validation === 'full' && !PLAIN_NAME.test(pool)) throw new RbdError(Errno.EINVAL, `invalid pool name '${pool}'`);
  if (namespace && !PLAIN_NAME.test(namespace)) throw new RbdError(Errno.EINVAL, `invalid namespace name '${namespace}'`);
  if (rule.snapshot === 'none' && snap) {
    throw new RbdError(Errno.EINVAL, "snapshot name specified for a command that doesn't use it");
  }
  if (rule.snapshot === 'required' && !snap) throw new RbdError(Errno.EINVAL, 'snap name was not specified');
  if (rule.validation === 'snap' && !PLAIN_NAME.test(snap)) throw new RbdError(Errno.EINVAL, `invalid snap name '${snap}'`);
  const poolDefaulted = !pool;
  return { pool: pool || defaultPool, namespace, image, snap, poolDefaulted };
}
