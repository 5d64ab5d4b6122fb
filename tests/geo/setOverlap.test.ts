import { describe, expect, it } from 'vitest';
import { jaccard, maskFromCells, overlapCoefficient, setOverlap } from '../../geo/setOverlap';

const mask = (n: number, hot: number[]) => {
  const m = new Uint8Array(n);
  for (const i of hot) m[i] = 1;
  return m;
};

describe('setOverlap', () => {
  it('computes Jaccard and the overlap coefficient on constructed sets', () => {
    // n = 10, A = {0,1,2,3}, B = {2,3,4}: |A ∩ B| = 2, |A ∪ B| = 5, J = 2/5 = 0.4,
    // overlap = 2 / min(4, 3) = 2/3, expected intersection by chance = 4*3/10 = 1.2.
    const a = mask(10, [0, 1, 2, 3]);
    const b = mask(10, [2, 3, 4]);
    expect(jaccard(a, b)).toBe(0.4);
    expect(overlapCoefficient(a, b)).toBeCloseTo(2 / 3, 15);
    const r = setOverlap(a, b, { permutations: 0 });
    expect(r).toMatchObject({ n: 10, sizeA: 4, sizeB: 3, intersection: 2, union: 5, jaccard: 0.4 });
    expect(r.expectedIntersection).toBeCloseTo(1.2, 15);
    expect(r.pPermutation).toBeNaN();
    // Nested: A ⊂ B -> overlap 1, J = |A|/|B| = 2/4. Identical -> 1, 1. Disjoint -> 0, 0.
    expect(overlapCoefficient([1, 1, 0, 0, 0], [1, 1, 1, 1, 0])).toBe(1);
    expect(jaccard([1, 1, 0, 0, 0], [1, 1, 1, 1, 0])).toBe(0.5);
    expect(jaccard([true, false, true], [true, false, true])).toBe(1);
    expect(jaccard([1, 0], [0, 1])).toBe(0);
    expect(jaccard([0, 0], [0, 0])).toBeNaN();
    expect(overlapCoefficient([1, 0], [0, 0])).toBeNaN();
    expect(() => jaccard([1], [1, 0])).toThrow();
  });

  it('permutation p converges to the exact hypergeometric p and is reproducible', () => {
    // Null: B's 3 labels on random cells of 10. P(I >= 2) with N = 10, K = 4, d = 3:
    // [C(4,2) C(6,1) + C(4,3) C(6,0)] / C(10,3) = (6*6 + 4*1) / 120 = 40/120 = 1/3.
    const a = mask(10, [0, 1, 2, 3]);
    const b = mask(10, [2, 3, 4]);
    const r = setOverlap(a, b, { permutations: 19_999, seed: 4 });
    expect(r.pExact).toBeCloseTo(1 / 3, 14);
    expect(Math.abs(r.pPermutation - 1 / 3)).toBeLessThan(4 * Math.sqrt(((1 / 3) * (2 / 3)) / 20_000));
    const again = setOverlap(a, b, { permutations: 19_999, seed: 4 });
    expect(again.pPermutation).toBe(r.pPermutation);
    // Disjoint layers: every shuffle overlaps at least 0, so p = (perms + 1)/(perms + 1) = 1.
    expect(setOverlap(mask(10, [0, 1]), mask(10, [5, 6]), { permutations: 99 }).pPermutation).toBe(1);
  });

  it('detects a real overlap on a large study area', () => {
    // n = 5000, |A| = |B| = 100, sharing 40 cells: chance intersection is 100*100/5000 = 2.
    const n = 5000;
    const a = mask(
      n,
      Array.from({ length: 100 }, (_, i) => i),
    );
    const b = mask(n, [...Array.from({ length: 40 }, (_, i) => i), ...Array.from({ length: 60 }, (_, i) => 1000 + i)]);
    const r = setOverlap(a, b, { permutations: 999, seed: 1 });
    expect(r.jaccard).toBeCloseTo(40 / 160, 15);
    expect(r.pPermutation).toBe(1 / 1000); // no shuffle reaches 40
    expect(r.pExact).toBeLessThan(1e-20);
    // And a chance-level overlap is not significant: 2 shared cells.
    const b2 = mask(n, [0, 1, ...Array.from({ length: 98 }, (_, i) => 2000 + i)]);
    const r2 = setOverlap(a, b2, { permutations: 999, seed: 1 });
    expect(r2.pPermutation).toBeGreaterThan(0.2);
    expect(Math.abs(r2.pPermutation - r2.pExact)).toBeLessThan(0.05);
  });

  it('builds masks from cell lists', () => {
    expect(Array.from(maskFromCells(['a', 'b', 'c'], ['c', 'x', 'a']))).toEqual([1, 0, 1]);
  });
});
