import { describe, expect, it } from 'vitest';
import { gridDisk, latLngToCell } from 'h3-js';
import { giStarPermutation } from '../../geo/giStar';
import { drawsForCells, giStarRandomisation } from '../../geo/giStarRandomisation';
import { hotspotInference } from '../../geo/hotspotInference';
import { describeInference } from '../../geo/inferenceDescription';
import { h3Neighbours } from '../../geo/neighbours';
import { createRng } from '../../geo/random';
import { poissonLowerTail, poissonUpperTail } from '../../geo/stats/poisson';

// 469 H3 cells (a disk of radius 12): interior cells have 7 neighbours with themselves, the rim fewer.
const cells = gridDisk(latLngToCell(54.5742, -1.2349, 9), 12);
const nb = h3Neighbours(cells, 1);
const n = cells.length;
const sizeOf = (i: number) => nb.offsets[i + 1] - nb.offsets[i];
const neighbourSum = (x: ArrayLike<number>, i: number) => {
  let s = 0;
  for (let t = nb.offsets[i]; t < nb.offsets[i + 1]; t++) s += x[nb.indices[t]];
  return s;
};

/** log C(a, b). */
function logChoose(a: number, b: number): number {
  if (b < 0 || b > a) return -Infinity;
  let s = 0;
  for (let j = 1; j <= b; j++) s += Math.log(a - b + j) - Math.log(j);
  return s;
}

/** Hypergeometric tails: S = ones among w drawn without replacement from n holding K ones. */
function hypergeometric(nAll: number, K: number, w: number, s: number): { ge: number; le: number } {
  let ge = 0;
  let le = 0;
  for (let j = 0; j <= w; j++) {
    const pj = Math.exp(logChoose(K, j) + logChoose(nAll - K, w - j) - logChoose(nAll, w));
    if (j >= s) ge += pj;
    if (j <= s) le += pj;
  }
  return { ge, le };
}

describe('tie-aware permutation p', () => {
  it('never flags a cell whose whole neighbourhood is zero (conditional and randomisation)', () => {
    const rng = createRng(5);
    // 90% zeros: most neighbourhoods are empty, the case that once gave p = 0.001 and a 99% cold spot.
    const x = cells.map(() => (rng.next() < 0.9 ? 0 : 1 + rng.int(4)));
    const empty = cells.map((_, i) => i).filter((i) => neighbourSum(x, i) === 0);
    expect(empty.length).toBeGreaterThan(100);
    const cond = giStarPermutation(x, nb, { permutations: 999, seed: 1 });
    const rand = giStarRandomisation(x, nb, { draws: 20_000, seed: 1 });
    for (const i of empty) {
      expect(cond.pSim[i]).toBe(1);
      expect(cond.pPerm[i]).toBe(1);
      expect(rand.p[i]).toBe(1);
    }
    for (const mode of ['conditional', 'randomisation'] as const) {
      const r = hotspotInference(x, nb, { mode, alpha: 0.05, seed: 2 });
      for (const i of empty) expect(r.p[i]).toBe(1);
    }
  });

  it('counts a tie at the observed sum on both sides: exact hypergeometric p for 0/1 data', () => {
    const rng = createRng(9);
    const x = cells.map((): number => (rng.next() < 0.3 ? 1 : 0));
    const K = x.reduce((a, b) => a + b, 0);
    const draws = 200_000;
    const r = giStarRandomisation(x, nb, { draws, seed: 4 });
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const s = neighbourSum(x, i);
      if (s === 0) continue;
      const { ge, le } = hypergeometric(n, K, sizeOf(i), s);
      // The +1 correction shifts each tail by at most 1 / (draws + 1).
      const se = (q: number) => Math.sqrt((q * (1 - q)) / draws);
      expect(Math.abs(r.pUpper[i] - ge)).toBeLessThan(5 * se(ge) + 2 / draws);
      expect(Math.abs(r.pLower[i] - le)).toBeLessThan(5 * se(le) + 2 / draws);
      // Both tails include the tie: they add up to more than 1.
      expect(ge + le).toBeGreaterThan(1);
      expect(r.p[i]).toBeCloseTo(Math.min(1, 2 * Math.min(r.pUpper[i], r.pLower[i])), 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('a single spike: its neighbourhoods are hot with p = 2 w / n, the spike cell alone is nothing under conditional permutation', () => {
    const x = new Float64Array(n);
    const interior = cells.map((_, i) => i).find((i) => sizeOf(i) === 7)!;
    x[interior] = 50;
    const r = giStarRandomisation(x, nb, { draws: 400_000, seed: 8 });
    // Under total randomisation a 7-cell neighbourhood holds the spike with probability 7 / n.
    const exact = 7 / n;
    const se = Math.sqrt((exact * (1 - exact)) / 400_000);
    for (let t = nb.offsets[interior]; t < nb.offsets[interior + 1]; t++) {
      const j = nb.indices[t];
      if (sizeOf(j) !== 7) continue;
      expect(Math.abs(r.pUpper[j] - exact)).toBeLessThan(5 * se + 1e-5);
      expect(r.p[j]).toBeCloseTo(2 * r.pUpper[j], 12);
    }
    // Conditional permutation holds the spike fixed at its own cell: its neighbours are all zero
    // in every draw, so every simulated sum ties with the observed one.
    const c = giStarPermutation(x, nb, { permutations: 999, seed: 3 });
    expect(c.larger[interior]).toBe(999);
    expect(c.smaller[interior]).toBe(999);
    expect(c.pSim[interior]).toBe(1);
  });

  it('harm weights that are not whole numbers still tie', () => {
    // 0.1 + 0.2 !== 0.3 in doubles; the tolerance must make them equal.
    const x = cells.map((_, i) => (i % 3 === 0 ? 0.1 : i % 3 === 1 ? 0.2 : 0));
    const r = giStarRandomisation(x, nb, { draws: 50_000, seed: 1 });
    const scaled = giStarRandomisation(
      x.map((v) => Math.round(v * 10)),
      nb,
      { draws: 50_000, seed: 1 },
    );
    // The same seed draws the same subsets, so the float and integer runs must agree exactly.
    expect(Array.from(r.p)).toEqual(Array.from(scaled.p));
  });
});

describe('randomisation draws', () => {
  it('are enough for BH over every cell: the floor lies a tenth below alpha / cells', () => {
    for (const m of [384, 2436, 16205]) {
      const draws = drawsForCells(m, 0.05);
      expect(2 / (draws + 1)).toBeLessThanOrEqual(0.05 / m / 10);
      expect(describeInference({ mode: 'randomisation', draws, floor: 2 / (draws + 1) }, m, 0.05).cellsNeededAtFloor).toBe(1);
    }
    // 999 conditional permutations over 2,436 cells: BH needs 98 cells at the floor before it can reject any.
    expect(describeInference({ mode: 'conditional', draws: 999, floor: 0.002 }, 2436, 0.05).cellsNeededAtFloor).toBe(98);
  });

  it('is reproducible with a seed', () => {
    const rng = createRng(3);
    const x = cells.map(() => rng.int(5));
    const a = giStarRandomisation(x, nb, { draws: 5000, seed: 11 });
    const b = giStarRandomisation(x, nb, { draws: 5000, seed: 11 });
    const c = giStarRandomisation(x, nb, { draws: 5000, seed: 12 });
    expect(Array.from(a.p)).toEqual(Array.from(b.p));
    expect(Array.from(a.p)).not.toEqual(Array.from(c.p));
  });
});

describe('Poisson tails', () => {
  it('match closed forms', () => {
    // P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2); P(X <= 0 | 2) = e^-2; P(X >= 40 | 10) = 1 - e^-10 Σ_{k<40} 10^k / k! (60-digit decimal arithmetic).
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 14);
    expect(poissonLowerTail(0, 2)).toBeCloseTo(Math.exp(-2), 15);
    expect(poissonUpperTail(40, 10) / 7.34163631456047e-13).toBeCloseTo(1, 10);
    expect(poissonUpperTail(0, 5)).toBe(1);
  });

  it('refuses harm-weighted values', () => {
    expect(() =>
      hotspotInference(
        cells.map(() => 0.5),
        nb,
        { mode: 'poisson', alpha: 0.05 },
      ),
    ).toThrow(/whole-number counts/);
  });
});
