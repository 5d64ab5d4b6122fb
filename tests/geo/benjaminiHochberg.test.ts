import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bhAdjust } from '../../geo/benjaminiHochberg';

describe('benjaminiHochberg', () => {
  it('matches the worked example', () => {
    // p = [0.01, 0.04, 0.03, 0.005, 0.2], m = 5, alpha = 0.05.
    // Sorted: p(1) = 0.005 (#3), p(2) = 0.01 (#0), p(3) = 0.03 (#2), p(4) = 0.04 (#1), p(5) = 0.2 (#4).
    // m p(j) / j: 5*0.005/1 = 0.025, 5*0.01/2 = 0.025, 5*0.03/3 = 0.05, 5*0.04/4 = 0.05, 5*0.2/5 = 0.2.
    // Running minimum from the top: j=5: 0.2; j=4: 0.05; j=3: min(0.05, 0.05) = 0.05; j=2: 0.025; j=1: 0.025.
    // Adjusted in input order: [0.025, 0.05, 0.05, 0.025, 0.2].
    // Step-up: i alpha / m = 0.01 i; p(1) = 0.005 <= 0.01, p(2) = 0.01 <= 0.02, p(3) = 0.03 <= 0.03,
    // p(4) = 0.04 <= 0.04, p(5) = 0.2 > 0.05, so k = 4: reject #3, #0, #2, #1 (two exactly on the line).
    const r = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2], 0.05);
    const expected = [0.025, 0.05, 0.05, 0.025, 0.2];
    for (let i = 0; i < 5; i++) expect(r.adjusted[i]).toBeCloseTo(expected[i], 14);
    expect(Array.from(r.rejected)).toEqual([1, 1, 1, 1, 0]);
    expect(r.count).toBe(4);
    expect(r.threshold).toBe(0.04);
    expect(r.m).toBe(5);
    // At alpha = 0.04 the step-up line is 0.008 i: 0.005 <= 0.008, 0.01 <= 0.016, 0.03 > 0.024, 0.04 > 0.032 -> k = 2.
    const r2 = benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2], 0.04);
    expect(Array.from(r2.rejected)).toEqual([1, 0, 0, 1, 0]);
  });

  it('caps at 1, keeps monotonicity, leaves NaN out of m', () => {
    // m = 3 (NaN excluded): sorted 0.02, 0.5, 0.9 -> 3*0.02/1 = 0.06, 3*0.5/2 = 0.75, 3*0.9/3 = 0.9.
    const r = benjaminiHochberg([0.9, NaN, 0.02, 0.5], 0.05);
    expect(r.m).toBe(3);
    expect(r.adjusted[1]).toBeNaN();
    expect(r.adjusted[2]).toBeCloseTo(0.06, 14);
    expect(r.adjusted[3]).toBeCloseTo(0.75, 14);
    expect(r.adjusted[0]).toBeCloseTo(0.9, 14);
    expect(r.count).toBe(0);
    expect(r.threshold).toBe(0);
    // A large p early in the order would push m p / j above 1: capped.
    expect(Array.from(bhAdjust([0.8, 0.9]))).toEqual([0.9, 0.9]);
    expect(() => benjaminiHochberg([1.2])).toThrow();
  });

  it('agrees with the step-up definition on random p-values and is fast', () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const m = 20_000;
    const p = Array.from({ length: m }, (_, i) => (i < 500 ? rand() * 1e-4 : rand()));
    let r = benjaminiHochberg(p, 0.05);
    let ms = Infinity;
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      r = benjaminiHochberg(p, 0.05);
      ms = Math.min(ms, performance.now() - t0);
    }
    const sorted = [...p].sort((a, b) => a - b);
    let k = 0;
    for (let i = 1; i <= m; i++) if (sorted[i - 1] <= (i / m) * 0.05) k = i;
    expect(r.count).toBe(k);
    expect(r.count).toBeGreaterThanOrEqual(500);
    expect(ms).toBeLessThan(20 * Number(process.env.ATLAS_PERF_SLACK ?? 3)); // a few ms when idle
  });
});
