/**
 * Deterministic randomness for the synthetic-data generator: a mulberry32 stream, integer hashing for
 * per-row derivations, and uuids computed from (seed, table, row index) so that ids are reproducible.
 */

/** murmur3's 32-bit finalizer: a bijection on 32-bit integers with good avalanche. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Mixes a seed with a label (and optional numbers) into a 32-bit sub-seed. */
export function subSeed(seed: number, label: string, ...values: number[]): number {
  let h = fmix32(seed ^ 0x9e3779b9);
  for (let i = 0; i < label.length; i += 1) h = fmix32(h ^ Math.imul(label.charCodeAt(i), 0x01000193));
  for (const v of values) h = fmix32((h ^ fmix32(v + 0x632be5ab)) >>> 0);
  return h;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi], both included. */
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn from cumulative weights (last entry = total). */
  weighted(cumulative: readonly number[]): number {
    const x = this.next() * cumulative[cumulative.length - 1];
    for (let i = 0; i < cumulative.length; i += 1) if (x < cumulative[i]) return i;
    return cumulative.length - 1;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }
}

export function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/**
 * Zipf-skewed choice over a fixed list of items: rank r (0-based) has weight 1 / (r + 1)^s. The items are
 * shuffled first so that the popular ones are spread over the id space.
 */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(
    readonly items: Int32Array,
    exponent: number,
  ) {
    this.cdf = new Float64Array(items.length);
    let sum = 0;
    for (let r = 0; r < items.length; r += 1) {
      sum += 1 / Math.pow(r + 1, exponent);
      this.cdf[r] = sum;
    }
  }

  static of(items: readonly number[], exponent: number, rng: Rng): Zipf {
    return new Zipf(Int32Array.from(rng.shuffle([...items])), exponent);
  }

  get size(): number {
    return this.items.length;
  }

  sample(rng: Rng): number {
    const x = rng.next() * this.cdf[this.cdf.length - 1];
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cdf[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex32(x: number): string {
  return HEX[(x >>> 24) & 255] + HEX[(x >>> 16) & 255] + HEX[(x >>> 8) & 255] + HEX[x & 255];
}

/**
 * A version-4-formatted uuid for row `index` of `table`. The last 32 bits are a bijection of the index, so
 * ids never collide within a table; the other bits are hashes, so ids look (and index) like random ones.
 */
export class UuidSpace {
  private readonly k0: number;
  private readonly k1: number;
  private readonly k2: number;
  private readonly k3: number;

  constructor(seed: number, table: string) {
    this.k0 = subSeed(seed, `uuid:${table}`, 0);
    this.k1 = subSeed(seed, `uuid:${table}`, 1);
    this.k2 = subSeed(seed, `uuid:${table}`, 2);
    this.k3 = subSeed(seed, `uuid:${table}`, 3);
  }

  id(index: number): string {
    const w3 = fmix32((index + this.k0) >>> 0);
    const w0 = fmix32(w3 ^ this.k1);
    const w1 = fmix32((w0 + this.k2) >>> 0);
    const w2 = fmix32(w1 ^ this.k3);
    const a = hex32(w0);
    const b = hex32(((w1 & 0xffff0fff) | 0x00004000) >>> 0);
    const c = hex32(((w2 & 0x3fffffff) | 0x80000000) >>> 0);
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${hex32(w3)}`;
  }
}
