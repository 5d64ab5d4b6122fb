/**
 * Seedable pseudo-random numbers for permutation tests.
 *
 * Generator: xoshiro128** (Blackman & Vigna 2018, "Scrambled linear pseudorandom
 * number generators", ACM TOMS 47(4) 2021), seeded through SplitMix32 so that
 * nearby integer seeds give unrelated streams. 128 bits of state: a period of
 * 2^128 − 1, far beyond the ~10^8 draws one permutation test makes, which a
 * 32-bit-state generator such as mulberry32 would not comfortably guarantee.
 *
 * Reproducibility is the point: the same seed gives the same stream on every
 * platform because only 32-bit integer arithmetic (Math.imul, >>>) is used.
 */

export interface Rng {
  /** Uniform double in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n), exactly unbiased; n must be an integer in [1, 2^32]. */
  int(n: number): number;
  /** Raw uniform 32-bit unsigned integer. */
  uint32(): number;
}

const TWO_32 = 4294967296;
// Below 2^21, r * n < 2^53 is exact in a double, so Lemire's multiply-shift works
// without 64-bit integers.
const LEMIRE_LIMIT = 2097152;

/**
 * Create a seeded xoshiro128** generator.
 *
 * Source: Blackman & Vigna, xoshiro128** 1.1 reference implementation
 * (prng.di.unimi.it); seeding by SplitMix32 (Steele, Lea & Flood 2014).
 * `int(n)` uses Lemire's (2019, ACM TOMACS 29(1):3) nearly-divisionless rejection so
 * draws are exactly uniform, not merely close.
 */
export function createRng(seed: number): Rng {
  return createRngFromState(seedState(seed));
}

/**
 * The four xoshiro128** state words createRng(seed) starts from: the SplitMix32
 * expansion of the seed (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
 * number generators", OOPSLA; 32-bit variant). Exposed for hot loops that inline the generator on
 * local variables; they must produce the same stream as createRng(seed).
 */
export function seedState(seed: number): [number, number, number, number] {
  if (!Number.isFinite(seed)) throw new RangeError(`createRng: seed must be finite, got ${seed}`);
  // SplitMix32 spreads the seed over four state words; any seed (even 0) is fine.
  // High bits of seeds above 2^32 are folded in so they are not silently dropped.
  let sm = (Math.floor(seed) >>> 0) ^ Math.imul(Math.floor(seed / TWO_32) >>> 0, 0x9e3779b1);
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) | 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return [splitmix(), splitmix(), splitmix(), splitmix()];
}

/**
 * xoshiro128** (Blackman & Vigna 2018) from an explicit 128-bit state (four
 * uint32 words), as in the reference C code; exposed so tests can check outputs against hand-computed
 * reference values. Prefer `createRng(seed)` elsewhere.
 */
export function createRngFromState(state: readonly [number, number, number, number]): Rng {
  let s0 = state[0] | 0;
  let s1 = state[1] | 0;
  let s2 = state[2] | 0;
  let s3 = state[3] | 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  const uint32 = (): number => {
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  };

  const int = (n: number): number => {
    if (n < LEMIRE_LIMIT) {
      let m = uint32() * n;
      let hi = Math.floor(m / TWO_32);
      let lo = m - hi * TWO_32;
      if (lo < n) {
        // Rejection zone of size 2^32 mod n keeps every outcome equally likely.
        const threshold = TWO_32 % n;
        while (lo < threshold) {
          m = uint32() * n;
          hi = Math.floor(m / TWO_32);
          lo = m - hi * TWO_32;
        }
      }
      return hi;
    }
    // Large n: classic modulo rejection (the products would not be exact doubles).
    const threshold = TWO_32 % n;
    let r = uint32();
    while (r < threshold) r = uint32();
    return r % n;
  };

  return {
    next: () => uint32() / TWO_32,
    int,
    uint32,
  };
}

/**
 * Draw k distinct integers from [0, n) uniformly, in random order, by a partial
 * Fisher-Yates shuffle (Fisher & Yates 1938; Durstenfeld 1964, CACM 7(7):420).
 *
 * `pool` lets hot loops reuse one scratch array: it must hold a permutation of
 * 0..n-1 (any order) and is left holding another permutation, which is all a
 * later call needs, so it never has to be reset. Without `pool` an identity
 * array is allocated. `out` likewise avoids allocating the result.
 */
export function sampleWithoutReplacement(rng: Rng, n: number, k: number, pool?: Int32Array, out?: Int32Array): Int32Array {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`sampleWithoutReplacement: need integers 0 <= k <= n, got k=${k}, n=${n}`);
  }
  let p = pool;
  if (!p) {
    p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
  } else if (p.length < n) {
    throw new RangeError('sampleWithoutReplacement: pool shorter than n');
  }
  const result = out ?? new Int32Array(k);
  for (let t = 0; t < k; t++) {
    const r = t + rng.int(n - t);
    const v = p[r];
    p[r] = p[t];
    p[t] = v;
    result[t] = v;
  }
  return result;
}

/**
 * A seeded stream of bounded random integers for hot loops: the same xoshiro128** stream as
 * createRng(seed).uint32(), generated in blocks into a typed array so that a draw is a buffer
 * read and one multiply (a closure call per draw roughly doubled the cost of a permutation test).
 * `int(n)` is exactly uniform on [0, n) by Lemire's rejection, for n < 2^21.
 */
export class IndexStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private readonly block = new Uint32Array(8192);
  private pos = 8192;

  constructor(seed: number) {
    [this.s0, this.s1, this.s2, this.s3] = seedState(seed).map((v) => v | 0) as [number, number, number, number];
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Uniform integer in [0, n); n must be an integer in [1, 2^21). */
  int(n: number): number {
    for (;;) {
      if (this.pos === 8192) this.refill();
      const prod = this.block[this.pos++] * n;
      const hi = Math.floor(prod / TWO_32);
      const lo = prod - hi * TWO_32;
      // Rejection zone of size 2^32 mod n keeps every outcome equally likely.
      if (lo >= n || lo >= TWO_32 % n) return hi;
    }
  }

  private refill(): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const block = this.block;
    for (let k = 0; k < block.length; k++) {
      const m = Math.imul(s1, 5);
      block[k] = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    this.pos = 0;
  }
}

/** Largest n IndexStream.int accepts (products below 2^53 stay exact in a double). */
export const INDEX_STREAM_LIMIT = LEMIRE_LIMIT;
