// Image and snapshot specs for the image commands, with the three validation levels of
// rbd's utils::extract_spec (create: full; snap create: snap; everything else: none) and the
// snapshot-presence rule of each command (utils::validate_snapshot_name).
import { Errno, RbdError } from '../errors.js';
import type { ResolvedImage } from './specs.js';

export type SpecValidation = 'full' | 'snap' | 'none';
export type SnapPresence = 'none' | 'permitted' | 'required';

const PATTERNS: Record<SpecValidation, RegExp> = {
  full: /^(?:([^/@]+)\/(?:([^/@]+)\/)?)?([^/@]+)(?:@([^/@]+))?$/,
  snap: /^(?:([^/]+)\/(?:([^/@]+)\/)?)?([^@]+)(?:@([^/@]+))?$/,
  none: /^(?:([^/]+)\/(?:([^/@]+)\/)?)?([^@]+)(?:@(.+))?$/,
};
const PLAIN_NAME = /^[^@/]*$/;

export interface ImageSpecArgs {
  pool?: string;
  namespace?: string;
  image?: string;
  snap?: string;
}

export interface ImageSpecRules {
  validation: SpecValidation;
  snapshot: SnapPresence;
}

export interface ResolvedSnapImage extends ResolvedImage { snap: string }

/** get_pool_image_snapshot_names: options first, then `--image` or the positional spec. */
export function parseImageSnapSpec(spec: string | undefined, opts: ImageSpecArgs, defaultPool: string,
  rules: ImageSpecRules): ResolvedSnapImage {
  let pool = opts.pool ?? '';
  let namespace = opts.namespace ?? '';
  let image = opts.image ?? '';
  let snap = opts.snap ?? '';
  const extract = (text: string): void => {
    const m = PATTERNS[rules.validation].exec(text);
    if (!m) throw new RbdError(Errno.EINVAL, `invalid spec '${text}'`);
    if (m[1] !== undefined) pool = m[1];
    if (m[2] !== undefined) namespace = m[2];
    image = m[3]!;
    if (m[4] !== undefined) snap = m[4];
  };
  if (image) extract(image);
  else if (spec) extract(spec);
  if (!image) throw new RbdError(Errno.EINVAL, 'image name was not specified');
  if (rules.validation === 'full' && !PLAIN_NAME.test(pool)) throw new RbdError(Errno.EINVAL, `invalid pool name '${pool}'`);
  if (namespace && !PLAIN_NAME.test(namespace)) throw new RbdError(Errno.EINVAL, `invalid namespace name '${namespace}'`);
  if (rules.snapshot === 'none' && snap) {
    throw new RbdError(Errno.EINVAL, "snapshot name specified for a command that doesn't use it");
  }
  if (rules.snapshot === 'required' && !snap) throw new RbdError(Errno.EINVAL, 'snap name was not specified');
  if (rules.validation === 'snap' && !PLAIN_NAME.test(snap)) throw new RbdError(Errno.EINVAL, `invalid snap name '${snap}'`);
  const poolDefaulted = !pool;
  return { pool: pool || defaultPool, namespace, image, snap, poolDefaulted };
}
