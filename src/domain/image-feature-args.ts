// The `<features> [<features> ...]` positionals of `rbd feature enable|disable`. The command
// parser has no variadic positionals yet, so the commands declare FEATURE_SLOTS of them.
export const FEATURE_SLOTS = [
  { name: 'features', describe: 'image features\n[exclusive-lock, object-map, journaling]' },
  { name: 'features-2', describe: 'more image features' },
  { name: 'features-3', describe: 'more image features' },
  { name: 'features-4', describe: 'more image features' },
  { name: 'features-5', describe: 'more image features' },
] as const;

export function featureArgs(args: { features?: string; features2?: string; features3?: string; features4?: string; features5?: string }): string[] {
  return [args.features, args.features2, args.features3, args.features4, args.features5].filter((f): f is string => !!f);
}
