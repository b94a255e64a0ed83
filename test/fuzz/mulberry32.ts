/** A seeded pseudo-random source: `next()` in [0, 1), `int(n)` in [0, n), `pick(list)`. */
export interface Prng {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
}

/**
 * mulberry32: a tiny, fast 32-bit PRNG, so that a fuzz run is the same bytes for the same seed on
 * every machine (Math.random cannot be seeded).
 *
 * @example
 * const r = mulberry32(42); r.int(10); // always the same first value for seed 42
 */
export function mulberry32(seed: number): Prng {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick<T>(list: readonly T[]): T {
      if (list.length === 0) throw new Error("pick from an empty list");
      return list[int(list.length)] as T;
    },
  };
}

/**
 * A 32-bit seed from a run's seed and a name (FNV-1a), so each kind draws its own stream and
 * `--kinds a` gives kind a the same inputs as a run over every kind.
 *
 * @example
 * mulberry32(seedFor(1, "osv"));
 */
export function seedFor(seed: number, name: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
