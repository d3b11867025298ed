// The `<image-id>` argument of trash rm|restore: `[<pool-name>/[<namespace>/]]<image-id>` or
// --image-id, resolved as an image spec is.
import { defaultPool } from './defaults.js';
import type { Context } from './context.js';
import type { OptionDef } from './define.js';
import { resolveImageSpec, type ResolvedPool } from '../domain/specs.js';

export const IMAGE_ID = { name: 'image-id', describe: 'image id\n(example: [<pool-name>/[<namespace>/]]<image-id>)' } as const;
export const IMAGE_ID_OPTIONS = {
  pool: { type: 'string', alias: 'p', describe: 'pool name' },
  namespace: { type: 'string', describe: 'namespace name' },
  'image-id': { type: 'string', describe: 'image id' },
} as const satisfies Record<string, OptionDef>;

export async function resolveImageId(ctx: Context, spec: string | undefined,
  opts: { pool?: string; namespace?: string; imageId?: string }): Promise<{ pool: ResolvedPool; id: string | undefined }> {
  if (!spec && !opts.imageId) return { pool: { pool: opts.pool ?? (await defaultPool(ctx)), namespace: opts.namespace ?? '', poolDefaulted: !opts.pool }, id: undefined };
  const r = resolveImageSpec(spec, { pool: opts.pool, namespace: opts.namespace, image: opts.imageId }, await defaultPool(ctx),
    { validation: 'none', snapshot: 'none' });
  return { pool: { pool: r.pool, namespace: r.namespace, poolDefaulted: r.poolDefaulted }, id: r.image };
}
