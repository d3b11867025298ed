// A small seeded PRNG (mulberry32): the whole step sequence of a model run follows from one seed.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi] (both included). */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key by weight; keys with weight 0 never come up. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K;
  bytes(n: number): Buffer;
}

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)]!;
    },
    weighted: (weights) => {
      const entries = Object.entries(weights).filter(([, w]) => (w as number) > 0) as [never, number][];
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [k, w] of entries) {
        if ((r -= w) < 0) return k;
      }
      return entries.at(-1)![0];
    },
    bytes: (n) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i += 4) b.writeUInt32LE(Math.floor(next() * 4294967296), Math.min(i, n - 4) );
      return b;
    },
  };
}

/** RBDM_MODEL_SEED when set (decimal), else a fresh one: printed on failure either way. */
export function seedFrom(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.RBDM_MODEL_SEED;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`RBDM_MODEL_SEED must be an integer in [0, 2^32): ${raw}`);
    return n;
  }
  return Math.floor(Math.random() * 0xffffffff);
}
