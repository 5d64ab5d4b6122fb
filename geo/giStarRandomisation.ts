/**
 * Gi* inference by total randomisation: the exact null of the Gi* mean and variance, estimated by
 * Monte Carlo with one set of draws shared by all cells of the same neighbourhood size.
 */
import type { Neighbours } from './neighbours';
import { giStar } from './giStar';
import { IndexStream, INDEX_STREAM_LIMIT } from './random';

export interface RandomisationOptions {
  /** Monte Carlo draws of the null (see drawsForCells for the default). */
  draws: number;
  /** Seed of the xoshiro128** stream; the same seed gives the same p-values. */
  seed?: number;
}

export interface RandomisationResult {
  /** Analytic Gi* z (its mean and variance are exact under this null), for display and sign. */
  z: Float64Array;
  /** Two-sided Monte Carlo p: min(1, 2 min(pUpper, pLower)); 1 where the neighbourhood is all zero. */
  p: Float64Array;
  /** (#{sim >= obs} + 1) / (draws + 1): evidence of a hot spot. */
  pUpper: Float64Array;
  /** (#{sim <= obs} + 1) / (draws + 1): evidence of a cold spot. */
  pLower: Float64Array;
  draws: number;
  /** The smallest two-sided p any cell can reach: 2 / (draws + 1). */
  floor: number;
}

/**
 * Draws so that the two-sided Monte Carlo floor 2 / (draws + 1) lies a factor `margin` below the
 * Bonferroni level alpha / cells, the strictest cut-off Benjamini-Hochberg can apply. With fewer
 * draws BH over many cells could never reject however extreme a cell is (methods.md §11).
 */
export function drawsForCells(cells: number, alpha: number, margin = 10): number {
  return Math.max(9999, Math.ceil((2 * margin * cells) / alpha));
}

/**
 * Total randomisation null of Gi* (Getis & Ord 1992 derive its mean and variance under it): every
 * assignment of the n observed values to the n cells is equally likely. For cell i the statistic
 * is an increasing affine function of S_i = Σ_{j∈N(i)} x_j (self included), whose null is the sum
 * of |N(i)| values drawn without replacement from all n. That null depends on i only through
 * |N(i)|, so one partial Fisher-Yates shuffle of length max |N(i)| per draw yields a uniform
 * w-subset for every w at once (its prefixes), and every cell of size w reads its p from the same
 * simulated distribution.
 *
 * Ties count on both sides: p_upper = (#{sim ≥ obs} + 1) / (R + 1), p_lower = (#{sim ≤ obs} + 1) /
 * (R + 1), two-sided p = min(1, 2 min(p_upper, p_lower)) (methods.md §11). Sums are compared with a
 * relative tolerance of 1e-9, so harm weights that are not integers still tie when they should.
 *
 * A cell whose whole neighbourhood, itself included, is zero gets p = 1: "nothing recorded here"
 * over empty land, river or industrial estate is not evidence a tasking meeting can act on, and
 * on zero-heavy counts an all-zero neighbourhood is the commonest outcome, not an extreme one.
 *
 * Cost: R × max|N(i)| draws plus a binary search per draw and size; with R from drawsForCells
 * about 1e6 × 7 for 2,400 cells and 6.5e6 × 7 for 16,000 cells at k = 1.
 */
export function giStarRandomisation(values: ArrayLike<number>, neighbours: Neighbours, options: RandomisationOptions): RandomisationResult {
  const draws = options.draws;
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`giStarRandomisation: draws must be a positive integer, got ${draws}`);
  const n = values.length;
  if (n >= INDEX_STREAM_LIMIT) throw new RangeError(`giStarRandomisation: at most ${INDEX_STREAM_LIMIT - 1} cells`);
  const { z } = giStar(values, neighbours);
  const { offsets, indices } = neighbours;
  const x = Float64Array.from(values as ArrayLike<number>);

  const size = new Int32Array(n);
  const observed = new Float64Array(n);
  const allZero = new Uint8Array(n);
  let wMax = 0;
  let absMax = 0;
  for (let i = 0; i < n; i++) {
    const w = offsets[i + 1] - offsets[i];
    let s = 0;
    let nonZero = false;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) {
      const v = x[indices[t]];
      s += v;
      if (v !== 0) nonZero = true;
    }
    size[i] = w;
    observed[i] = s;
    allZero[i] = nonZero ? 0 : 1;
    if (w > wMax) wMax = w;
    if (Math.abs(s) > absMax) absMax = Math.abs(s);
  }
  if (wMax > n) throw new RangeError('giStarRandomisation: a neighbourhood is larger than the study area');
  const tol = 1e-9 * Math.max(1, absMax);

  // Per neighbourhood size w: the distinct observed sums ("levels"), and one tally of simulated
  // sums with slot 2j + 1 for "equal to level j" and slot 2j for "strictly between levels j − 1
  // and j" (slot 2L: above every level).
  const levels: (Float64Array | null)[] = new Array(wMax + 1).fill(null);
  const tally: (Int32Array | null)[] = new Array(wMax + 1).fill(null);
  for (let w = 1; w <= wMax; w++) {
    const sums: number[] = [];
    for (let i = 0; i < n; i++) if (size[i] === w) sums.push(observed[i]);
    if (!sums.length) continue;
    sums.sort((a, b) => a - b);
    const distinct: number[] = [];
    for (const s of sums) if (!distinct.length || s - distinct[distinct.length - 1] > tol) distinct.push(s);
    levels[w] = Float64Array.from(distinct);
    tally[w] = new Int32Array(2 * distinct.length + 1);
  }
  const tables = countTables(x, levels);
  const slotOf = tables === null ? slotFinder(levels, tol) : null;

  const stream = new IndexStream(options.seed ?? 0);
  // The pool stays some permutation of 0..n-1 between draws, which is all the next draw needs.
  const pool = new Int32Array(n);
  for (let t = 0; t < n; t++) pool[t] = t;
  for (let r = 0; r < draws; r++) {
    let sum = 0;
    for (let t = 0; t < wMax; t++) {
      const pick = t + stream.int(n - t);
      const v = pool[pick];
      pool[pick] = pool[t];
      pool[t] = v;
      sum += x[v];
      const counts = tally[t + 1];
      if (counts === null) continue;
      if (tables !== null) {
        // Whole-number sums: one table read (the common, count-weighted case).
        const table = tables[t + 1]!;
        counts[sum < table.length ? table[sum] : counts.length - 1]++;
      } else counts[slotOf!(t + 1, sum)]++;
    }
  }

  // Cumulative tallies turn into #{sim >= level} and #{sim <= level} per level.
  const geAt: (Float64Array | null)[] = new Array(wMax + 1).fill(null);
  const leAt: (Float64Array | null)[] = new Array(wMax + 1).fill(null);
  for (let w = 1; w <= wMax; w++) {
    const counts = tally[w];
    if (!counts) continue;
    const L = levels[w]!.length;
    const ge = new Float64Array(L);
    const le = new Float64Array(L);
    let acc = counts[2 * L];
    for (let j = L - 1; j >= 0; j--) {
      acc += counts[2 * j + 1];
      ge[j] = acc;
      acc += counts[2 * j];
    }
    acc = 0;
    for (let j = 0; j < L; j++) {
      acc += counts[2 * j] + counts[2 * j + 1];
      le[j] = acc;
    }
    geAt[w] = ge;
    leAt[w] = le;
  }

  const p = new Float64Array(n);
  const pUpper = new Float64Array(n);
  const pLower = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w = size[i];
    if (allZero[i] || w === n) {
      // w = n: the neighbourhood is the whole map, so every assignment gives the same sum.
      p[i] = pUpper[i] = pLower[i] = 1;
      continue;
    }
    const lv = levels[w]!;
    let lo = 0;
    let hi = lv.length;
    const key = observed[i] - tol;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lv[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    const u = (geAt[w]![lo] + 1) / (draws + 1);
    const l = (leAt[w]![lo] + 1) / (draws + 1);
    pUpper[i] = u;
    pLower[i] = l;
    p[i] = Math.min(1, 2 * Math.min(u, l));
  }
  return { z, p, pUpper, pLower, draws, floor: Math.min(1, 2 / (draws + 1)) };
}

type SlotFinder = (w: number, sum: number) => number;

/**
 * For whole-number values (counts), the tally slot of every possible sum up to the largest level,
 * per size: the simulation then finds a slot with one table read. Null for other values.
 */
function countTables(x: Float64Array, levels: readonly (Float64Array | null)[]): (Int32Array | null)[] | null {
  for (let i = 0; i < x.length; i++) if (!Number.isInteger(x[i]) || x[i] < 0) return null;
  let largest = 0;
  for (const lv of levels) if (lv) largest = Math.max(largest, lv[lv.length - 1]);
  if (largest > 4_000_000) return null;
  return levels.map((lv) => {
    if (!lv) return null;
    const table = new Int32Array(lv[lv.length - 1] + 1);
    let j = 0;
    for (let s = 0; s < table.length; s++) {
      while (j < lv.length && lv[j] < s) j++;
      table[s] = j < lv.length && lv[j] === s ? 2 * j + 1 : 2 * j;
    }
    return table;
  });
}

/**
 * The tally slot of a simulated sum for neighbourhood size w, for any values: a bucket index over
 * the levels and a step or two (a binary search per draw and size cost more than the draws).
 */
function slotFinder(levels: readonly (Float64Array | null)[], tol: number): SlotFinder {
  const wMax = levels.length - 1;
  const first: (Int32Array | null)[] = new Array(wMax + 1).fill(null);
  const loEdge = new Float64Array(wMax + 1);
  const hiEdge = new Float64Array(wMax + 1);
  const scale = new Float64Array(wMax + 1);
  for (let w = 1; w <= wMax; w++) {
    const lv = levels[w];
    if (!lv) continue;
    const B = 4 * lv.length;
    loEdge[w] = lv[0] - tol;
    hiEdge[w] = lv[lv.length - 1] + tol;
    scale[w] = B / Math.max(hiEdge[w] - loEdge[w], tol);
    // first[b]: the first level at or above the bucket's lower edge.
    const f = new Int32Array(B + 1);
    let j = 0;
    for (let b = 0; b <= B; b++) {
      const edge = loEdge[w] + b / scale[w];
      while (j < lv.length && lv[j] + tol < edge) j++;
      f[b] = j;
    }
    first[w] = f;
  }
  return (w, sum) => {
    const lv = levels[w]!;
    if (sum > hiEdge[w]) return 2 * lv.length;
    if (sum < loEdge[w]) return 0;
    const f = first[w]!;
    let j = f[Math.min(f.length - 1, Math.floor((sum - loEdge[w]) * scale[w]))];
    const key = sum - tol;
    while (j > 0 && lv[j - 1] >= key) j--;
    while (j < lv.length && lv[j] < key) j++;
    return j < lv.length && lv[j] <= sum + tol ? 2 * j + 1 : 2 * j;
  };
}
