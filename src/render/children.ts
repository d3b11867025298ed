// snapl: `rbd children` (tools/rbd/action/Children.cc): `pool[/namespace]/image` lines; JSON with
// id and trash only for --all / --descendants.
import type { ChildrenListing } from '../domain/clones.js';
import type { Rendering } from './output.js';

export const childrenRendering: Rendering<ChildrenListing> = {
  root: 'children',
  json: (l) => l.children.map((c) => ({
    pool: c.pool, pool_namespace: c.namespace, image: c.image, ...(l.withIds ? { id: c.id, trash: c.trash } : {}),
  })),
  plain: (l) => l.children.map((c) => `${c.pool}/${c.namespace ? `${c.namespace}/` : ''}${c.image}${c.trash ? ` (trash ${c.id})` : ''}\n`).join(''),
};
