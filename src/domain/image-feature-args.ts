// The feature arguments of `rbd create|import --image-feature` and `rbd feature enable|disable`.
import { FEATURES, type FeatureName } from '../backends/types.js';
import { invalidArgument } from './size.js';

/** The `<features> [<features> ...]` positional of `rbd feature enable|disable`. */
export const FEATURES_POSITIONAL = {
  name: 'features', describe: 'image features\n[exclusive-lock, object-map, journaling]', variadic: true,
  choices: ['exclusive-lock', 'object-map', 'fast-diff', 'journaling'],
} as const;

/** The ImageFeatures option validator: comma-separated names, repeatable. An unknown name is a
 *  boost parse error (exit 1) naming the option. */
export function parseFeatureList(values: readonly string[], option: string): FeatureName[] {
  const out = new Set<FeatureName>();
  for (const value of values) {
    for (const token of value.split(',').filter(Boolean)) {
      if (!(token in FEATURES)) throw invalidArgument(option);
      out.add(token as FeatureName);
    }
  }
  return [...out];
}
