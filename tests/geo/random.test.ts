import { describe, expect, it } from 'vitest';
import { createRng, createRngFromState, sampleWithoutReplacement } from '../../geo/random';

describe('xoshiro128**', () => {
  it('matches the reference algorithm on a hand-computed state', () => {
    // State (1,2,3,4), reference C code by hand:
    // out1 = rotl(2*5, 7) * 9 = 1280 * 9 = 11520; then t = 2<<9 = 1024,
    //   s2 = 3^1 = 2, s3 = 4^2 = 6, s1 = 2^2 = 0, s0 = 1^6 = 7, s2 = 2^1024 = 1026, s3 = rotl(6,11) = 12288
    // out2 = rotl(0*5, 7) * 9 = 0; then s2 = 1026^7 = 1029, s3 = 12288, s1 = 1029, s0 = 7^12288 = 12295,
    //   s2 = 1029^0 = 1029, s3 = rotl(12288, 11) = 25165824
    // out3 = rotl(1029*5 = 5145, 7) * 9 = 658560 * 9 = 5927040
    const rng = createRngFromState([1, 2, 3, 4]);
    expect([rng.uint32(), rng.uint32(), rng.uint32()]).toEqual([11520, 0, 5927040]);
  });

  it('is reproducible from a seed and differs between seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    for (const v of sa) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
  });

  it('int(n) is uniform (chi-square) including an awkward n', () => {
    for (const n of [7, 1000, 3_000_000_019 % 2 ** 32]) {
      const rng = createRng(7);
      const bins = 7;
      const counts = new Array(bins).fill(0);
      const draws = 70_000;
      let bad = 0;
      for (let t = 0; t < draws; t++) {
        const v = rng.int(n);
        if (!(Number.isInteger(v) && v >= 0 && v < n)) bad++;
        counts[Math.floor((v * bins) / n)]++;
      }
      expect(bad).toBe(0);
      const e = draws / bins;
      const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
      // 6 df: P(chi2 > 22.46) = 0.001
      expect(chi2).toBeLessThan(22.46);
    }
  });

  it('mean and variance of next() are those of U(0,1)', () => {
    const rng = createRng(1);
    let s = 0;
    let s2 = 0;
    const N = 200_000;
    for (let t = 0; t < N; t++) {
      const v = rng.next();
      s += v;
      s2 += v * v;
    }
    const mean = s / N;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(s2 / N - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });
});

describe('sampleWithoutReplacement', () => {
  it('returns k distinct values in range', () => {
    const rng = createRng(3);
    const s = sampleWithoutReplacement(rng, 50, 20);
    expect(new Set(s).size).toBe(20);
    for (const v of s) expect(v >= 0 && v < 50).toBe(true);
    expect(sampleWithoutReplacement(rng, 5, 5).slice().sort()).toEqual(Int32Array.from([0, 1, 2, 3, 4]));
    expect(() => sampleWithoutReplacement(rng, 3, 4)).toThrow();
  });

  it('is uniform over elements even when the pool is reused without reset', () => {
    const rng = createRng(11);
    const n = 10;
    const k = 3;
    const pool = Int32Array.from({ length: n }, (_, i) => i);
    const out = new Int32Array(k);
    const counts = new Array(n).fill(0);
    const pairs = new Map<string, number>();
    const reps = 60_000;
    for (let r = 0; r < reps; r++) {
      sampleWithoutReplacement(rng, n, k, pool, out);
      for (const v of out) counts[v]++;
      const key = Array.from(out)
        .sort((a, b) => a - b)
        .join(',');
      pairs.set(key, (pairs.get(key) ?? 0) + 1);
    }
    // Every element appears with probability k/n.
    const e = (reps * k) / n;
    const chi2 = counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
    expect(chi2).toBeLessThan(27.88); // 9 df, p = 0.001
    // Every one of the C(10,3) = 120 subsets occurs, each about reps/120 = 500 times.
    expect(pairs.size).toBe(120);
    for (const c of pairs.values()) expect(Math.abs(c - 500)).toBeLessThan(5 * Math.sqrt(500));
    // The pool is still a permutation.
    expect(Array.from(pool).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
