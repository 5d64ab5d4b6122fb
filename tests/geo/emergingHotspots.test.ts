import { describe, expect, it } from 'vitest';
import { classifyEmergingSeries, emergingHotspots, EMERGING_PATTERN_LABELS, type EmergingPattern } from '../../geo/emergingHotspots';

// 10 steps, the ArcGIS minimum. z-series are chosen so the Mann-Kendall trend on them is
// clearly significant (strictly monotone: S = ±45, p ≈ 1e-4) or clearly not (flat-ish).
const rising = [2.6, 2.8, 3.0, 3.2, 3.4, 3.6, 3.8, 4.0, 4.2, 4.4];
const falling = [...rising].reverse();
// Alternating with no drift (checked below: Mann-Kendall p > 0.5).
const level = [3.5, 3.0, 4.0, 3.2, 3.8, 3.1, 3.9, 3.3, 3.6, 3.4];
const noise = [0.3, -0.2, 0.1, 0.4, -0.5, 0.2, -0.1, 0.0, 0.3, -0.3];
const neg = (a: number[]) => a.map((v) => -v);
const zeros = (k: number) => new Array(k).fill(0);

/** z consistent with the bins: significant steps take the bin's sign. */
function zFor(bins: number[], base = noise): number[] {
  return bins.map((b, t) => (b !== 0 ? b * 1.3 : base[t]));
}

type Case = [EmergingPattern, number[], number[]];
const cases: Case[] = [
  // Only the final step is significant, hot.
  ['new-hot-spot', zFor([...zeros(9), 3]), [...zeros(9), 3]],
  // A run of 3 hot steps at the end, nothing significant before, 30% < 90%.
  ['consecutive-hot-spot', zFor([...zeros(7), 2, 2, 3]), [...zeros(7), 2, 2, 3]],
  // 10/10 hot, rising z (S = 45, p ≈ 1e-4), final hot.
  ['intensifying-hot-spot', rising, new Array(10).fill(3)],
  // 10/10 hot, no trend.
  ['persistent-hot-spot', level, new Array(10).fill(3)],
  // 10/10 hot, falling z, final hot.
  ['diminishing-hot-spot', falling, new Array(10).fill(3)],
  // Hot 3 times in 10, never cold, final not hot (sfdep/ArcMap reading).
  ['sporadic-hot-spot', zFor([2, 0, 0, 2, 0, 0, 1, 0, 0, 0]), [2, 0, 0, 2, 0, 0, 1, 0, 0, 0]],
  // Hot at the end, a cold spot earlier, < 90% hot.
  ['oscillating-hot-spot', zFor([-2, 0, 0, 2, 0, -1, 0, 0, 2, 2]), [-2, 0, 0, 2, 0, -1, 0, 0, 2, 2]],
  // 9/10 hot (exactly 90%), final step not hot, z trending down (significant).
  ['historical-hot-spot', [5, 4.8, 4.6, 4.4, 4.2, 4.0, 3.8, 3.6, 3.4, 0.5], [3, 3, 3, 3, 3, 3, 3, 3, 3, 0]],
  ['new-cold-spot', neg(zFor([...zeros(9), 3])), [...zeros(9), -3]],
  ['consecutive-cold-spot', neg(zFor([...zeros(7), 2, 2, 3])), [...zeros(7), -2, -2, -3]],
  ['intensifying-cold-spot', neg(rising), new Array(10).fill(-3)],
  ['persistent-cold-spot', neg(level), new Array(10).fill(-3)],
  ['diminishing-cold-spot', neg(falling), new Array(10).fill(-3)],
  ['sporadic-cold-spot', neg(zFor([2, 0, 0, 2, 0, 0, 1, 0, 0, 0])), [-2, 0, 0, -2, 0, 0, -1, 0, 0, 0]],
  ['oscillating-cold-spot', neg(zFor([-2, 0, 0, 2, 0, -1, 0, 0, 2, 2])), [2, 0, 0, -2, 0, 1, 0, 0, -2, -2]],
  ['historical-cold-spot', neg([5, 4.8, 4.6, 4.4, 4.2, 4.0, 3.8, 3.6, 3.4, 0.5]), [-3, -3, -3, -3, -3, -3, -3, -3, -3, 0]],
  ['no-pattern', noise, zeros(10)],
];

describe('classifyEmergingSeries', () => {
  it.each(cases)('%s', (pattern, z, bins) => {
    expect(classifyEmergingSeries(z, bins).pattern).toBe(pattern);
  });

  it('covers every pattern and has a label for each', () => {
    expect(new Set(cases.map((c) => c[0])).size).toBe(Object.keys(EMERGING_PATTERN_LABELS).length);
  });

  it('reports the Mann-Kendall trend of the z-scores', () => {
    expect(classifyEmergingSeries(level, new Array(10).fill(3)).trendP).toBeGreaterThan(0.5);
    const r = classifyEmergingSeries(rising, new Array(10).fill(3));
    // Strictly increasing, n = 10: S = 45, Var = 10*9*25/18 = 125, z = 44/sqrt(125) = 3.935, tau = 1.
    expect(r.tau).toBe(1);
    expect(r.trendZ).toBeCloseTo(44 / Math.sqrt(125), 12);
    expect(r.trendP).toBeLessThan(1e-4);
    expect(r.hotSteps).toBe(10);
  });

  it('applies the edge rules as documented', () => {
    // 9/10 hot with no trend is persistent even though the final step is not hot (sfdep order).
    expect(classifyEmergingSeries(level, [3, 3, 3, 3, 3, 3, 3, 3, 3, 0]).pattern).toBe('persistent-hot-spot');
    // A lone hot final step after an earlier hot step: sporadic, not new.
    expect(classifyEmergingSeries(noise, [0, 2, 0, 0, 0, 0, 0, 0, 0, 2]).pattern).toBe('sporadic-hot-spot');
    // A hot run preceded by a cold step is oscillating, not consecutive.
    expect(classifyEmergingSeries(noise, [0, 0, 0, 0, 0, 0, -2, 2, 2, 2]).pattern).toBe('oscillating-hot-spot');
    // 9/10 hot (exactly 90%) with the final step hot and rising z: intensifying.
    expect(classifyEmergingSeries(rising, [3, 0, 3, 3, 3, 3, 3, 3, 3, 3]).pattern).toBe('intensifying-hot-spot');
    // 8/10 hot, final hot, no cold, but hot before the final run: sporadic.
    expect(classifyEmergingSeries(rising, [3, 0, 3, 3, 3, 0, 3, 3, 3, 3]).pattern).toBe('sporadic-hot-spot');
    // Sporadic with a non-hot final step is no pattern under the current ArcGIS Pro wording.
    expect(classifyEmergingSeries(noise, [2, 0, 0, 2, 0, 0, 1, 0, 0, 0], { sporadicRequiresFinal: true }).pattern).toBe('no-pattern');
    // A stricter trend alpha turns an intensifying cell into persistent.
    expect(classifyEmergingSeries(rising, new Array(10).fill(3), { trendAlpha: 1e-6 }).pattern).toBe('persistent-hot-spot');
  });
});

describe('emergingHotspots', () => {
  it('classifies step-major arrays cell by cell', () => {
    const picks = [cases[0], cases[2], cases[12], cases[16]];
    const T = 10;
    const zByStep = Array.from({ length: T }, (_, t) => Float64Array.from(picks, (c) => c[1][t]));
    const binsByStep = Array.from({ length: T }, (_, t) => Int8Array.from(picks, (c) => c[2][t]));
    const r = emergingHotspots(zByStep, binsByStep);
    expect(r.patterns).toEqual(picks.map((c) => c[0]));
    expect(Array.from(r.hotSteps)).toEqual([1, 10, 0, 0]);
    expect(Array.from(r.coldSteps)).toEqual([0, 0, 10, 0]);
    expect(r.tau[1]).toBe(1);
    expect(() => emergingHotspots(zByStep, binsByStep.slice(1))).toThrow();
  });
});
