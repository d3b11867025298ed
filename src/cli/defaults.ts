// Values commands need from the cluster's config before they can parse a spec.
import type { Context } from './context.js';

/** rbd_default_pool: a command-line override, else the cluster's setting, else `rbd`. */
export async function defaultPool(ctx: Context): Promise<string> {
  const override = ctx.backendOptions.configOverrides.rbd_default_pool;
  if (override !== undefined) return override;
  try {
    return await (await ctx.backend()).getConfig('rbd_default_pool');
  } catch {
    return 'rbd';
  }
}
