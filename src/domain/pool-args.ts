// rbd's get_pool_and_namespace_names takes the first positional as the pool only when --pool is
// not given (and the positional is not empty); otherwise the later positionals move up a place:
// `rbd mirror pool peer remove -p peer-lab <uuid>` has the uuid in the pool's slot.

/** The positionals that follow the pool: `positionals` starts with the pool's slot. */
export function afterPool(poolOption: string | undefined, positionals: readonly (string | undefined)[]): (string | undefined)[] {
  const [first, ...rest] = positionals;
  return poolOption !== undefined || !first ? [...positionals] : rest;
}
