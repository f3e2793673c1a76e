/**
 * Prng is a seeded mulberry32 generator with the few draws the generator needs. The benchmark must
 * be reproducible bit for bit from its seed, so nothing here ever touches Math.random.
 */
export interface Prng {
  /** next returns a float in [0, 1). */
  next(): number;
  /** int returns an integer in [min, max] (inclusive). */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** weighted picks an item with probability proportional to its weight. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  shuffle<T>(items: T[]): T[];
  hex(chars: number): string;
  /** alnum returns lower-case base-36 characters, like Kubernetes pod suffixes. */
  alnum(chars: number): string;
  /** exp draws an exponential variate with the given mean (Poisson inter-arrival times). */
  exp(mean: number): number;
  /** fork derives an independent generator, so adding draws in one part keeps other parts stable. */
  fork(salt: number): Prng;
}

/** createPrng returns a mulberry32 stream for a 32-bit seed. */
export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const prng: Prng = {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i] as T;
        items[i] = items[j] as T;
        items[j] = tmp;
      }
      return items;
    },
    hex(chars: number): string {
      let s = '';
      for (let i = 0; i < chars; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
    alnum(chars: number): string {
      const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
      let s = '';
      for (let i = 0; i < chars; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
    exp: (mean) => -Math.log(1 - next()) * mean,
    fork: (salt) => createPrng((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(salt, 0xc2b2ae35)) >>> 0),
  };
  return prng;
}
