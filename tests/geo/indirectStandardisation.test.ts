import { describe, expect, it } from 'vitest';
import { indirectStandardisation } from '../../geo/indirectStandardisation';

describe('indirectStandardisation', () => {
  it('matches a hand-computed example', () => {
    // Areas: O = [10, 2, 30, 5, 8], pop = [1000, 500, 2000, 1000, 1000], decile = [1, 1, 2, 2, 2].
    // Decile 1: 12 / 1500 = 0.008 -> E = 8, 4; O/E = 1.25, 0.5; O - E = +2, -2.
    // Decile 2: 43 / 4000 = 0.01075 -> E = 21.5, 10.75, 10.75;
    //   O/E = 30/21.5 = 1.395349, 5/10.75 = 0.465116, 8/10.75 = 0.744186; O - E = 8.5, -5.75, -2.75.
    // Overall 55 / 5500 = 0.01.
    const r = indirectStandardisation([10, 2, 30, 5, 8], [1000, 500, 2000, 1000, 1000], [1, 1, 2, 2, 2]);
    const E = [8, 4, 21.5, 10.75, 10.75];
    const ratio = [1.25, 0.5, 30 / 21.5, 5 / 10.75, 8 / 10.75];
    const diff = [2, -2, 8.5, -5.75, -2.75];
    for (let i = 0; i < 5; i++) {
      expect(r.expected[i]).toBeCloseTo(E[i], 12);
      expect(r.ratio[i]).toBeCloseTo(ratio[i], 12);
      expect(r.difference[i]).toBeCloseTo(diff[i], 12);
    }
    expect(r.ratio[2]).toBeCloseTo(1.395349, 6);
    expect(r.strata).toEqual([
      { stratum: 1, observed: 12, population: 1500, rate: 0.008, areas: 2 },
      { stratum: 2, observed: 43, population: 4000, rate: 0.01075, areas: 3 },
    ]);
    expect(r.overallRate).toBeCloseTo(0.01, 15);
    // Within each stratum expected sums to observed.
    expect(r.expected[0] + r.expected[1]).toBeCloseTo(12, 12);
    expect(r.expected[2] + r.expected[3] + r.expected[4]).toBeCloseTo(43, 12);
  });

  it('leaves areas without a stratum out and handles empty populations', () => {
    // Area 2 has no decile: excluded from decile 1's rate (10 + 2)/(1000 + 500).
    // Area 3 (decile 3) has no residents: its stratum rate is NaN, E and ratio NaN.
    const r = indirectStandardisation([10, 2, 99, 4], [1000, 500, 700, 0], [1, 1, NaN, 3]);
    expect(r.expected[2]).toBeNaN();
    expect(r.ratio[2]).toBeNaN();
    expect(r.strata[0].rate).toBe(0.008);
    expect(r.expected[3]).toBeNaN();
    expect(r.strata.map((s) => s.stratum)).toEqual([1, 3]);
    expect(() => indirectStandardisation([1], [-1], [1])).toThrow();
  });
});
