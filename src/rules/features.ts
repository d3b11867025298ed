// Image feature names and bits as rbd/librbd know them (include/rbd/features.h), and the
// feature-set rules librbd applies on create (CreateRequest::validate_features) and on
// `rbd feature enable|disable` (Operations::update_features, Enable/DisableFeaturesRequest).
// Pure: both backends and the domain share these.
import { FEATURES, IMAGE_FLAGS, OP_FEATURES, type FeatureName } from '../backends/types.js';
import { Errno, RbdError } from '../errors.js';

export const FEATURE_NAMES = Object.keys(FEATURES) as FeatureName[];
const bit = (f: FeatureName): number => FEATURES[f];

/** Features `rbd feature enable|disable` may touch. */
export const MUTABLE = bit('exclusive-lock') | bit('object-map') | bit('fast-diff') | bit('journaling');
/** Features that may only be disabled. */
export const DISABLE_ONLY = bit('deep-flatten');
/** Set implicitly by create (striping for non-default stripes, data-pool for a data pool). */
export const IMPLICIT = bit('striping') | bit('data-pool');
/** `--image-shared` clears these. */
export const SINGLE_CLIENT = bit('exclusive-lock') | bit('object-map') | bit('fast-diff') | bit('journaling');

export function toMask(features: readonly FeatureName[]): number {
  return features.reduce((m, f) => m | bit(f), 0);
}

/** Names in rbd's display order (ascending bit). */
export function toNames(mask: number): FeatureName[] {
  return FEATURE_NAMES.filter((f) => (mask & bit(f)) !== 0);
}

export function hasFeature(mask: number, f: FeatureName): boolean {
  return (mask & bit(f)) !== 0;
}

function bitNames(bits: number, table: Record<string, number>): string[] {
  return Object.keys(table).filter((n) => (bits & table[n]!) !== 0);
}
/** `op_features` of `rbd info`. */
export const opFeatureNames = (bits: number): string[] => bitNames(bits, OP_FEATURES);
/** `flags` of `rbd info`. */
export const flagNames = (bits: number): string[] => bitNames(bits, IMAGE_FLAGS);

/** rbd_features_from_string: a number is a bitmask, otherwise names (unknown ones ignored). */
export function featuresFromConfig(text: string): FeatureName[] {
  const t = text.trim();
  if (/^\d+$/.test(t)) return toNames(Number(t));
  return t.split(',').map((s) => s.trim()).filter((s): s is FeatureName => s in FEATURES);
}

/** CreateRequest: object-map implies fast-diff; then validate_features. Returns the mask. */
export function validateCreateFeatures(mask: number): number {
  let m = mask;
  if (m & bit('object-map')) m |= bit('fast-diff');
  if (m & bit('operations')) throw new RbdError(Errno.EINVAL, 'cannot use internally controlled features');
  if ((m & bit('fast-diff')) && !(m & bit('object-map'))) throw new RbdError(Errno.EINVAL, 'cannot use fast diff without object map');
  if ((m & bit('object-map')) && !(m & bit('exclusive-lock'))) throw new RbdError(Errno.EINVAL, 'cannot use object map without exclusive lock');
  if ((m & bit('journaling')) && !(m & bit('exclusive-lock'))) throw new RbdError(Errno.EINVAL, 'cannot use journaling without exclusive lock');
  return m;
}

/** A mirrored image that is not primary refuses feature changes: librbd cannot take the
 *  exclusive lock of a non-primary image (EROFS), and rbd prints only its summary line. */
export function notPrimaryFeatureUpdate(): RbdError {
  return new RbdError(Errno.EROFS, '');
}

/** Operations::update_features + the Enable/DisableFeaturesRequest dependency checks.
 *  Returns the features actually changed (object-map and fast-diff travel together). */
export function featureUpdate(current: number, requested: number, enabled: boolean): number {
  let features = requested;
  const allowed = enabled ? MUTABLE : MUTABLE | DISABLE_ONLY;
  if ((features & allowed) !== features) throw new RbdError(Errno.EINVAL, 'cannot update immutable features');
  const setObjectMap = (features & bit('object-map')) !== 0;
  const setFastDiff = (features & bit('fast-diff')) !== 0;
  const hasFastDiff = (current & bit('fast-diff')) !== 0;
  const hasObjectMap = (current & bit('object-map')) !== 0;
  if ((enabled && ((setObjectMap && !hasFastDiff) || (setFastDiff && !hasObjectMap))) ||
      (!enabled && setObjectMap && hasFastDiff)) {
    features |= bit('object-map') | bit('fast-diff');
  }
  if (features === 0) throw new RbdError(Errno.EINVAL, 'update requires at least one feature');
  if (enabled && (features & current) !== 0) throw new RbdError(Errno.EINVAL, 'one or more requested features are already enabled');
  if (!enabled && (features & ~current) !== 0) throw new RbdError(Errno.EINVAL, 'one or more requested features are already disabled');
  if (enabled) {
    const after = current | features;
    if ((features & bit('object-map')) && !(after & bit('exclusive-lock'))) {
      throw new RbdError(Errno.EINVAL, 'cannot enable object-map. exclusive-lock must be enabled before enabling object-map.');
    }
    if ((features & bit('fast-diff')) && !(after & bit('object-map'))) {
      throw new RbdError(Errno.EINVAL, 'cannot enable fast-diff. object-map must be enabled before enabling fast-diff.');
    }
    if ((features & bit('journaling')) && !(after & bit('exclusive-lock'))) {
      throw new RbdError(Errno.EINVAL, 'cannot enable journaling. exclusive-lock must be enabled before enabling journaling.');
    }
  } else {
    const after = current & ~features;
    if ((features & bit('exclusive-lock')) && (after & (bit('object-map') | bit('journaling')))) {
      throw new RbdError(Errno.EINVAL, 'cannot disable exclusive-lock. object-map or journaling must be disabled before disabling exclusive-lock.');
    }
  }
  return features;
}
