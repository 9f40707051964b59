/**
 * Seeded pseudo-random numbers. The sandbox must answer byte-identically for the same seed, so every random
 * choice goes through one of these generators and never through Math.random.
 */

/** mulberry32: tiny, fast, good enough for synthetic data (not for cryptography). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A bijection on unsigned 32-bit integers (xorshift-multiply rounds are each invertible). Used to derive
 * sub-seeds and to scramble identifiers without collisions.
 */
export function mix32(value: number): number {
  let x = value >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** A sub-seed for one named stream (e.g. one incident's timeline), so streams do not shift one another. */
export function deriveSeed(seed: number, stream: number, index = 0): number {
  return mix32(mix32(seed ^ Math.imul(stream, 0x9e3779b1)) ^ Math.imul(index + 1, 0x85ebca6b));
}

export class Rng {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.#next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + this.#next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.#next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.#next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Index drawn with the given relative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.#next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.#next();
    const v = this.#next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /**
   * Log-normal with the given median and shape. Incident response times are strongly right-skewed (most
   * acknowledged in minutes, a long tail over hours), which a log-normal reproduces well.
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
}
