// The data pool of an image rbd-mirror creates on the destination cluster (spec 7.4, librbd
// mirror::snapshot/journal CreateLocalImageRequest → util::get_data_pool semantics).
// Pure, so the daemon and tests share it.

export interface DataPoolInputs {
  /** Local `rbd_default_data_pool` ('' = unset). */
  localDefaultDataPool: string;
  /** Data pool of the source (primary) image, if it has one. */
  sourceDataPool?: string;
  /** Pools that exist on the local (destination) cluster. */
  localPools: readonly string[];
}

/** 1. the local rbd_default_data_pool if set; 2. else the source image's data pool when a pool
 *  of that name exists locally; 3. else none (data lives in the image's own pool). */
export function chooseDataPool({ localDefaultDataPool, sourceDataPool, localPools }: DataPoolInputs): string | undefined {
  if (localDefaultDataPool) return localDefaultDataPool;
  if (sourceDataPool && localPools.includes(sourceDataPool)) return sourceDataPool;
  return undefined;
}
