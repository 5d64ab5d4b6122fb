import { describe, expect, it } from 'vitest';
import { empiricalBayesRates } from '../../geo/empiricalBayes';

describe('empiricalBayesRates', () => {
  it('matches a hand-computed example', () => {
    // e = [30, 5, 0, 45], p = [1000, 500, 500, 1000]; Σe = 80, Σp = 3000, n = 4, mean p = 750.
    // θ = 80/3000 = 2/75. Raw rates 0.03, 0.01, 0, 0.045; minus θ: 1/300, -1/60, -2/75, 11/600.
    // Σ p (r - θ)² = 1000/90000 + 500/3600 + 500*4/5625 + 1000*121/360000
    //             = 1/90 + 5/36 + 16/45 + 121/360 = (4 + 50 + 128 + 121)/360 = 303/360
    // s² = 303/360/3000 = 303/1,080,000;  θ / mean p = (2/75)/750 = 1/28,125
    // φ = 303/1,080,000 - 1/28,125 = (1515 - 192)/5,400,000 = 1323/5,400,000 = 0.000245
    // w(p=1000) = φ/(φ + θ/1000) = 245/(245 + 80/3) = 735/815 = 147/163
    // w(p=500)  = φ/(φ + θ/500)  = 245/(245 + 160/3) = 735/895 = 147/179
    // EB = θ + w (r - θ).
    const r = empiricalBayesRates([30, 5, 0, 45], [1000, 500, 500, 1000]);
    const theta = 2 / 75;
    expect(r.priorMean).toBeCloseTo(theta, 15);
    expect(r.priorVariance).toBeCloseTo(0.000245, 15);
    const w = [147 / 163, 147 / 179, 147 / 179, 147 / 163];
    for (let i = 0; i < 4; i++) expect(r.weights[i]).toBeCloseTo(w[i], 12);
    const expected = [
      theta + (147 / 163) * (1 / 300),
      theta - (147 / 179) * (1 / 60),
      theta - (147 / 179) * (2 / 75),
      theta + (147 / 163) * (11 / 600),
    ];
    // = 0.0296728, 0.0129795, 0.0047672, 0.0432004
    for (let i = 0; i < 4; i++) expect(r.rates[i]).toBeCloseTo(expected[i], 14);
    expect(r.rates[0]).toBeCloseTo(0.0296728, 7);
    expect(r.rates[2]).toBeCloseTo(0.0047672, 7);
    // Shrinkage pulls the small areas further: the zero-count area is no longer 0.
    expect(r.rawRates[2]).toBe(0);
  });

  it('shrinks everything to the mean when rates vary less than Poisson noise (φ floored at 0)', () => {
    // e = [2, 10, 0, 8], p = [100, 400, 50, 450]: θ = 20/1000 = 0.02,
    // Σ p (r - θ)² = 0 + 400*0.005² + 50*0.02² + 450*(8/450 - 0.02)² = 0.01 + 0.02 + 0.0022222 = 0.0322222
    // s² = 3.2222e-5 < θ / mean p = 0.02/250 = 8e-5, so φ = 0 and every EB rate = 0.02.
    const r = empiricalBayesRates([2, 10, 0, 8], [100, 400, 50, 450]);
    expect(r.priorVariance).toBe(0);
    for (const v of r.rates) expect(v).toBeCloseTo(0.02, 15);
  });

  it('handles zero populations and zero events', () => {
    const r = empiricalBayesRates([3, 7, 2], [0, 100, 50]);
    expect(r.rates[0]).toBeNaN();
    expect(r.priorMean).toBeCloseTo(9 / 150, 15); // the 3 events with no residents are left out
    const z = empiricalBayesRates([0, 0], [10, 20]);
    expect(Array.from(z.rates)).toEqual([0, 0]);
    expect(() => empiricalBayesRates([1], [1, 2])).toThrow();
  });
});
