// How a pool's mirrored images are spread over the live rbd-mirror instances (Ceph's ImageMap
// with its simple policy): balanced (no instance holds more than its ceiling share) and stable
// (an image stays where it is while its instance lives and is not over its share, so a join or a
// departure moves only the images it has to).

/** The instance (gid) for every image. `current` is the previous map; `instances` the live ones. */
export function assignImages(globalIds: readonly string[], current: ReadonlyMap<string, number>, instances: readonly number[]): Map<string, number> {
  const out = new Map<string, number>();
  if (instances.length === 0) return out;
  const live = [...new Set(instances)].sort((a, b) => a - b);
  const ids = [...new Set(globalIds)].sort();
  const cap = Math.ceil(ids.length / live.length);
  const load = new Map(live.map((g) => [g, 0]));
  for (const id of ids) {
    const g = current.get(id);
    if (g !== undefined && load.has(g) && load.get(g)! < cap) {
      out.set(id, g);
      load.set(g, load.get(g)! + 1);
    }
  }
  for (const id of ids) {
    if (out.has(id)) continue;
    let best = live[0]!;
    for (const g of live) if (load.get(g)! < load.get(best)!) best = g;
    out.set(id, best);
    load.set(best, load.get(best)! + 1);
  }
  return out;
}
