import { describe, expect, it } from 'vitest';
import { gridDisk, gridDistance, latLngToCell } from 'h3-js';
import { giStar, giStarPermutation } from '../../geo/giStar';
import { distanceBandNeighbours, h3Neighbours } from '../../geo/neighbours';
import { createRng, type Rng } from '../../geo/random';
import { normalTwoSidedP } from '../../geo/stats/normal';

// PySAL esda G_Local docstring fixture (methods.md §4): G_Local(y, w, transform='B', star=True).
const points: [number, number][] = [
  [10, 10],
  [20, 10],
  [40, 10],
  [15, 20],
  [30, 20],
  [30, 30],
];
const y = [2, 3, 3.2, 5, 8, 7];
const expectedZ = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];

function poisson(rng: Rng, lambda: number): number {
  // Knuth's multiplication method; fine for small lambda.
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rng.next();
  } while (p > L);
  return k - 1;
}

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0,
    mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

describe('giStar (analytic)', () => {
  const nb = distanceBandNeighbours(points, 15, true);

  it('matches the PySAL G_Local star=True fixture to 1e-6', () => {
    const { z, p } = giStar(y, nb);
    for (let i = 0; i < 6; i++) {
      expect(Math.abs(z[i] - expectedZ[i])).toBeLessThan(1e-6);
      expect(p[i]).toBeCloseTo(normalTwoSidedP(expectedZ[i]), 6);
    }
    // Hand check of the last cell: mean 4.7, population variance 28.7/6, W = 2 (cells 4 and 5),
    // z = (15 - 2*4.7) / (sqrt(28.7/6) * sqrt((6*2 - 4)/5)) = 5.6 / 2.766482 = 2.024243
    expect(z[5]).toBeCloseTo(5.6 / (Math.sqrt(28.7 / 6) * Math.sqrt(8 / 5)), 12);
  });

  it('returns z = 0, p = 1 for a constant field instead of NaN', () => {
    const { z, p } = giStar([3, 3, 3, 3, 3, 3], nb);
    expect(Array.from(z)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(p)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(() => giStar([1, 2, 3], nb)).toThrow();
    expect(() => giStar([1, 2, NaN, 4, 5, 6], nb)).toThrow();
  });
});

describe('giStarPermutation', () => {
  const nb = distanceBandNeighbours(points, 15, true);

  it('is reproducible with a seed and matches the exact conditional-permutation p on the fixture', () => {
    const a = giStarPermutation(y, nb, { permutations: 999, seed: 10 });
    const b = giStarPermutation(y, nb, { permutations: 999, seed: 10 });
    const c = giStarPermutation(y, nb, { permutations: 999, seed: 11 });
    expect(Array.from(a.pSim)).toEqual(Array.from(b.pSim));
    expect(Array.from(a.larger)).not.toEqual(Array.from(c.larger));
    for (let i = 0; i < 6; i++) expect(Math.abs(a.z[i] - expectedZ[i])).toBeLessThan(1e-6);

    // Exact null by enumeration. Cell 0 (y = 2) has other neighbours {1, 3} with sum 3 + 5 = 8;
    // the C(5,2) = 10 pairs of the other values {3, 3.2, 5, 8, 7} sum to
    // 6.2, 8, 11, 10, 8.2, 11.2, 10.2, 13, 12, 15: nine are >= 8 and two are <= 8 (the pair that
    // ties counts on both sides), so the tie-aware p tends to min(0.9, 0.2) = 0.2. PySAL's folded
    // p counts the tie on the upper side only and shows 0.101.
    const big = giStarPermutation(y, nb, { permutations: 99_999, seed: 1 });
    const exact = exactFoldedP(y, nb.offsets, nb.indices);
    expect(exact[0]).toBeCloseTo(0.2, 12);
    for (let i = 0; i < 6; i++) {
      const se = Math.sqrt((exact[i] * (1 - exact[i])) / 99_999);
      expect(Math.abs(big.pSim[i] - exact[i])).toBeLessThan(5 * se + 2e-5);
    }
  });

  it('agrees with the analytic p on 1,951 H3 cells with a planted cluster', () => {
    const centre = latLngToCell(54.5742, -1.2349, 9);
    const cells = gridDisk(centre, 25);
    const hot = gridDisk(centre, 12)[200]; // a cell off-centre
    const rng = createRng(2024);
    const values = cells.map((c) => (gridDistance(c, hot) <= 3 ? poisson(rng, 12) : poisson(rng, 5)));
    const nbH = h3Neighbours(cells, 1);
    const res = giStarPermutation(values, nbH, { permutations: 999, seed: 7 });
    const floor = 1 / 1000;
    // The folded pseudo p is one-tailed; compare it with the one-tailed analytic p = p/2.
    const lpA = Array.from(res.p, (p) => -Math.log10(Math.max(p / 2, floor)));
    const lpS = Array.from(res.pSim, (p) => -Math.log10(p));
    const r = pearson(lpA, lpS);
    const sigA = new Set<number>();
    const sigS = new Set<number>();
    for (let i = 0; i < cells.length; i++) {
      if (res.p[i] / 2 < 0.01) sigA.add(i);
      if (res.pSim[i] < 0.01) sigS.add(i);
    }
    const inter = [...sigA].filter((i) => sigS.has(i)).length;
    const jac = inter / (sigA.size + sigS.size - inter);
    // The planted cluster's core (distance <= 2, 19 cells) must be found by both.
    const core = cells
      .map((c, i) => [c, i] as const)
      .filter(([c]) => gridDistance(c, hot) <= 2)
      .map(([, i]) => i);
    const coreFoundS = core.filter((i) => res.pSim[i] < 0.01 && res.z[i] > 0).length;
    const coreFoundA = core.filter((i) => res.p[i] / 2 < 0.01 && res.z[i] > 0).length;
    console.log(
      `Gi* analytic vs permutation: r(-log p) = ${r.toFixed(3)}, |A| = ${sigA.size}, |S| = ${sigS.size}, Jaccard = ${jac.toFixed(3)}, core ${coreFoundA}/${coreFoundS} of ${core.length}`,
    );
    // They do not coincide exactly, by construction: the permutation null holds x_i fixed and
    // tests only the neighbours, and is exact for skewed counts where the normal tail is not;
    // most disagreement is among marginal cells near p = 0.01.
    expect(r).toBeGreaterThan(0.8);
    expect(jac).toBeGreaterThan(0.45);
    expect(coreFoundS).toBeGreaterThanOrEqual(17);
    expect(coreFoundA).toBeGreaterThanOrEqual(17);
    // Under the null, outside the cluster's reach, few cells are flagged (the 1% level, both tails).
    const far = cells
      .map((c, i) => [c, i] as const)
      .filter(([c]) => gridDistance(c, hot) > 5)
      .map(([, i]) => i);
    const farFlagged = far.filter((i) => res.pSim[i] < 0.01).length;
    expect(farFlagged / far.length).toBeLessThan(0.04);
  });

  it('is calibrated under the null: about 10% of cells at folded p <= 0.05, as for analytic p <= 0.10', () => {
    const centre = latLngToCell(54.5742, -1.2349, 9);
    const cells = gridDisk(centre, 25);
    const rng = createRng(31);
    const values = cells.map(() => -Math.log(1 - rng.next())); // iid exponential, no ties
    const res = giStarPermutation(values, h3Neighbours(cells, 1), { permutations: 999, seed: 3 });
    const fracS = res.pSim.filter((p) => p <= 0.05).length / cells.length;
    const fracA = res.p.filter((p) => p <= 0.1).length / cells.length;
    console.log(`null calibration: permutation ${fracS.toFixed(3)}, analytic ${fracA.toFixed(3)}`);
    expect(fracS).toBeGreaterThan(0.065);
    expect(fracS).toBeLessThan(0.135);
    expect(fracA).toBeGreaterThan(0.065);
    expect(fracA).toBeLessThan(0.135);
    // The smaller tail: no pseudo p above 0.5 when there are no ties (plus the +1 correction).
    expect(Math.max(...res.pSim)).toBeLessThanOrEqual(0.501);
  });
});

/** Exact tie-aware p, min(P(sim >= obs), P(sim <= obs)), by enumerating every (|N(i)|-1)-subset of the other values. */
function exactFoldedP(values: number[], offsets: Int32Array, indices: Int32Array): number[] {
  const n = values.length;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    let obs = 0;
    let c = 0;
    for (let t = offsets[i]; t < offsets[i + 1]; t++)
      if (indices[t] !== i) {
        obs += values[indices[t]];
        c++;
      }
    const others = values.filter((_, j) => j !== i);
    let ge = 0;
    let le = 0;
    let total = 0;
    const rec = (start: number, left: number, sum: number) => {
      if (left === 0) {
        total++;
        if (sum >= obs - 1e-9) ge++;
        if (sum <= obs + 1e-9) le++;
        return;
      }
      for (let j = start; j <= others.length - left; j++) rec(j + 1, left - 1, sum + others[j]);
    };
    rec(0, c, 0);
    out.push(Math.min(ge, le) / total); // limit of min(larger + 1, smaller + 1) / (perms + 1)
  }
  return out;
}
