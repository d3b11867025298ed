// The `<features> [<features> ...]` positional of `rbd feature enable|disable`.
export const FEATURES_POSITIONAL = {
  name: 'features', describe: 'image features\n[exclusive-lock, object-map, journaling]', variadic: true,
  choices: ['exclusive-lock', 'object-map', 'fast-diff', 'journaling'],
} as const;
