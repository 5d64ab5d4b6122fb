import { describe, expect, it } from 'vitest';
import { gridDisk, latLngToCell } from 'h3-js';
import { giStarRandomisation } from '../../geo/giStarRandomisation';
import { hotspotInference } from '../../geo/hotspotInference';
import { describeInference } from '../../geo/inferenceDescription';
import { h3Neighbours, type Neighbours } from '../../geo/neighbours';
import { createRng } from '../../geo/random';
import { randomisationExact } from '../../geo/randomisationExact';

const centre = latLngToCell(54.5742, -1.2349, 9);
const sizeOf = (nb: Neighbours, i: number) => nb.offsets[i + 1] - nb.offsets[i];
const neighbourSum = (nb: Neighbours, x: ArrayLike<number>, i: number) => {
  let s = 0;
  for (let t = nb.offsets[i]; t < nb.offsets[i + 1]; t++) s += x[nb.indices[t]];
  return s;
};

/** Every w-subset of 0..n-1, visited once (the brute-force null the exact count must equal). */
function eachSubset(n: number, w: number, visit: (picked: readonly number[]) => void): void {
  const picked: number[] = [];
  const walk = (from: number) => {
    if (picked.length === w) return visit(picked);
    for (let j = from; j <= n - (w - picked.length); j++) {
      picked.push(j);
      walk(j + 1);
      picked.pop();
    }
  };
  walk(0);
}

/** log C(a, b). */
function logChoose(a: number, b: number): number {
  if (b < 0 || b > a) return -Infinity;
  let s = 0;
  for (let j = 1; j <= b; j++) s += Math.log(a - b + j) - Math.log(j);
  return s;
}

describe('randomisationExact', () => {
  it('equals brute-force enumeration of every subset on a 19-cell map with repeated values', () => {
    // A disk of radius 2: 19 cells, the centre and first ring with 7-cell neighbourhoods, the rim with 4 or 5.
    const cells = gridDisk(centre, 2);
    const nb = h3Neighbours(cells, 1);
    const x = [0, 0, 3, 1, 0, 2, 0, 0, 5, 1, 0, 0, 2, 0, 0, 7, 0, 1, 0];
    const r = randomisationExact(x, nb)!;
    expect(r).not.toBeNull();
    const bySize = new Map<number, number[]>();
    for (let i = 0; i < cells.length; i++) {
      const w = sizeOf(nb, i);
      if (bySize.has(w)) continue;
      const sums: number[] = [];
      eachSubset(cells.length, w, (picked) => sums.push(picked.reduce((a, j) => a + x[j], 0)));
      bySize.set(w, sums);
    }
    let tested = 0;
    for (let i = 0; i < cells.length; i++) {
      const s = neighbourSum(nb, x, i);
      if (s === 0) {
        expect(r.p[i]).toBe(1);
        continue;
      }
      const sums = bySize.get(sizeOf(nb, i))!;
      const ge = sums.filter((v) => v >= s).length / sums.length;
      const le = sums.filter((v) => v <= s).length / sums.length;
      expect(r.pUpper[i]).toBeCloseTo(ge, 13);
      expect(r.pLower[i]).toBeCloseTo(le, 13);
      expect(r.p[i]).toBeCloseTo(Math.min(1, 2 * Math.min(ge, le)), 13);
      tested++;
    }
    expect(tested).toBeGreaterThan(12);
    // The smallest p any cell could reach: twice the share of 7-subsets drawing the largest sum
    // (7 + 5 + 3 + 2 + 2 + two of the three 1s = 21: 3 of the C(19, 7) = 50,388 subsets).
    const seven = bySize.get(7)!;
    const top = Math.max(...seven);
    expect(seven.filter((v) => v === top).length).toBe(3);
    expect(r.floor).toBeCloseTo(6 / 50388, 14);
  });

  it('gives the hypergeometric tails exactly for 0/1 data', () => {
    const cells = gridDisk(centre, 12);
    const nb = h3Neighbours(cells, 1);
    const n = cells.length;
    const rng = createRng(9);
    const x = cells.map((): number => (rng.next() < 0.3 ? 1 : 0));
    const K = x.reduce((a, b) => a + b, 0);
    const r = randomisationExact(x, nb)!;
    for (let i = 0; i < n; i++) {
      const s = neighbourSum(nb, x, i);
      if (s === 0) continue;
      const w = sizeOf(nb, i);
      let ge = 0;
      for (let j = s; j <= w; j++) ge += Math.exp(logChoose(K, j) + logChoose(n - K, w - j) - logChoose(n, w));
      expect(r.pUpper[i] / ge).toBeCloseTo(1, 10);
    }
  });

  it('a single spike: a 7-cell neighbourhood holding it has p_upper = 7 / n exactly', () => {
    const cells = gridDisk(centre, 12);
    const nb = h3Neighbours(cells, 1);
    const x = new Float64Array(cells.length);
    const interior = cells.findIndex((_, i) => sizeOf(nb, i) === 7);
    x[interior] = 50;
    const r = randomisationExact(x, nb)!;
    for (let t = nb.offsets[interior]; t < nb.offsets[interior + 1]; t++) {
      const j = nb.indices[t];
      if (sizeOf(nb, j) === 7) expect(r.pUpper[j]).toBeCloseTo(7 / cells.length, 15);
    }
  });

  it('agrees with the Monte Carlo null within its sampling error', () => {
    const cells = gridDisk(centre, 12);
    const nb = h3Neighbours(cells, 1);
    const rng = createRng(21);
    // Zero-heavy counts with a long tail, as police.uk cells are.
    const x = cells.map((): number => (rng.next() < 0.6 ? 0 : rng.next() < 0.8 ? 1 + rng.int(3) : 5 + rng.int(40)));
    const exact = randomisationExact(x, nb)!;
    const draws = 200_000;
    const mc = giStarRandomisation(x, nb, { draws, seed: 3 });
    for (let i = 0; i < cells.length; i++) {
      const q = exact.pUpper[i];
      expect(Math.abs(mc.pUpper[i] - q)).toBeLessThan(5 * Math.sqrt((q * (1 - q)) / draws) + 2 / draws);
    }
  });

  it('declines values that are not whole non-negative numbers, and nulls too large to count', () => {
    const cells = gridDisk(centre, 4);
    const nb = h3Neighbours(cells, 1);
    expect(
      randomisationExact(
        cells.map(() => 0.5),
        nb,
      ),
    ).toBeNull();
    expect(
      randomisationExact(
        cells.map(() => -1),
        nb,
      ),
    ).toBeNull();
    expect(
      randomisationExact(
        cells.map((_, i) => i),
        nb,
        10,
      ),
    ).toBeNull();
  });
});

describe('hotspotInference with the exact null', () => {
  const cells = gridDisk(centre, 12);
  const nb = h3Neighbours(cells, 1);
  const rng = createRng(4);
  const x = cells.map((): number => (rng.next() < 0.7 ? 0 : 1 + rng.int(6)));

  it('counts the null exactly for automatic draws on counts, and samples when draws are given or values are harm', () => {
    const auto = hotspotInference(x, nb, { mode: 'randomisation', alpha: 0.05 });
    expect(auto.exact).toBe(true);
    expect(auto.draws).toBe(0);
    expect(Array.from(auto.p)).toEqual(Array.from(randomisationExact(x, nb)!.p));
    const given = hotspotInference(x, nb, { mode: 'randomisation', alpha: 0.05, draws: 5000, seed: 1 });
    expect(given.exact).toBeUndefined();
    expect(given.draws).toBe(5000);
    const harm = hotspotInference(
      x.map((v) => v * 1.5),
      nb,
      { mode: 'randomisation', alpha: 0.05, seed: 1 },
    );
    expect(harm.exact).toBeUndefined();
    expect(harm.draws).toBeGreaterThan(9000);
  });

  it('tells the method card the null was counted, with its true smallest p', () => {
    const auto = hotspotInference(x, nb, { mode: 'randomisation', alpha: 0.05 });
    const d = describeInference(auto, cells.length, 0.05);
    expect(d.inference).toMatch(/counted exactly/);
    expect(d.draws).toBe(0);
    expect(d.smallestP).toBe(auto.floor);
    expect(d.smallestP!).toBeLessThan(0.05 / cells.length);
    expect(d.cellsNeededAtFloor).toBe(1);
    expect(d.inferenceNote).toMatch(/no Monte Carlo error/);
  });
});
