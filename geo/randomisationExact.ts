/**
 * The exact total-randomisation null of Gi* for whole-number values: every way of drawing a
 * neighbourhood's cells from the study area's own values counted, instead of sampled.
 */
import type { Neighbours } from './neighbours';

/** Work (multiply-adds) above which the exact null is left to Monte Carlo. */
export const EXACT_WORK_LIMIT = 60_000_000;

export interface ExactTails {
  /** P(S_w >= observed) per cell, exactly (1 where the neighbourhood is all zero or the whole map). */
  pUpper: Float64Array;
  /** P(S_w <= observed) per cell. */
  pLower: Float64Array;
  /** Two-sided p: min(1, 2 min(pUpper, pLower)). */
  p: Float64Array;
  /** The smallest two-sided p any cell could reach: the rarer end of the rarest size's null. */
  floor: number;
}

interface Shape {
  n: number;
  wMax: number;
  /** Sum of the wMax largest values: no neighbourhood sum can exceed it. */
  sMax: number;
  /** Distinct non-zero values, ascending, with their multiplicities. */
  values: number[];
  counts: number[];
  zeros: number;
}

/** The value multiset and largest neighbourhood, or null when the values are not whole, non-negative numbers. */
function shapeOf(x: ArrayLike<number>, neighbours: Neighbours): Shape | null {
  const n = x.length;
  const tally = new Map<number, number>();
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (!Number.isInteger(v) || v < 0) return null;
    if (v === 0) zeros++;
    else tally.set(v, (tally.get(v) ?? 0) + 1);
  }
  let wMax = 0;
  for (let i = 0; i < n; i++) wMax = Math.max(wMax, neighbours.offsets[i + 1] - neighbours.offsets[i]);
  const values = [...tally.keys()].sort((a, b) => a - b);
  const counts = values.map((v) => tally.get(v)!);
  let sMax = 0;
  let left = wMax;
  for (let j = values.length - 1; j >= 0 && left > 0; j--) {
    const take = Math.min(left, counts[j]);
    sMax += take * values[j];
    left -= take;
  }
  return { n, wMax, sMax, values, counts, zeros };
}

/** Multiply-adds the exact null will take: per value, each size's row as far as k values can reach, one add per copy. */
function workOf(s: Shape): number {
  const largest: number[] = [];
  let work = 0;
  for (let j = 0; j < s.values.length; j++) {
    const v = s.values[j];
    const m = Math.min(s.counts[j], s.wMax);
    largest.unshift(...new Array<number>(m).fill(v));
    largest.length = Math.min(largest.length, s.wMax);
    for (let k = 1, sum = 0; k <= s.wMax; k++) {
      sum += largest[k - 1] ?? 0;
      work += Math.min(m, k) * Math.max(0, Math.min(s.sMax, sum) - v + 1);
    }
  }
  return work;
}

/**
 * Exact tails when the values are whole non-negative numbers and the work is within `limit`
 * multiply-adds; null otherwise (harm weights, or a null too large to count: use Monte Carlo).
 *
 * Under total randomisation the neighbourhood sum of a cell with w cells (self included) is the
 * sum of a uniform w-subset of the n values (Getis & Ord 1992). Its distribution is the
 * coefficient of z^w in the generating function Π_v Σ_{j ≤ m_v} C(m_v, j) z^j t^{jv} over the
 * distinct values v with multiplicities m_v, divided by C(n, w). The zeros only choose how many
 * of the w cells are empty, so they enter as C(m_0, w − j) at the end. One table of
 * (size ≤ wMax) × (sum ≤ largest possible sum) serves every w at once.
 *
 * Tails are summed from their own end, so small probabilities keep their relative precision;
 * counts reach C(n, w), about 1e20 for 2,400 cells and w = 7 and 1e110 for 16,000 cells and
 * w = 37, well inside a double. Ties count on both sides, as in the Monte Carlo version.
 */
export function randomisationExact(x: ArrayLike<number>, neighbours: Neighbours, limit = EXACT_WORK_LIMIT): ExactTails | null {
  const shape = shapeOf(x, neighbours);
  if (shape === null || shape.wMax > shape.n || workOf(shape) > limit) return null;
  const { n, wMax, sMax, values, counts, zeros } = shape;
  const width = sMax + 1;
  // ways[k * width + s]: the number of k-subsets of the non-zero cells processed so far with sum s.
  const ways = new Float64Array((wMax + 1) * width);
  ways[0] = 1;
  // The largest values processed so far, largest first (at most wMax of them): k of the processed
  // values can sum to at most the first k, so each size's row is filled only that far.
  const largest: number[] = [];
  const reach = new Float64Array(wMax + 1);
  const binom = new Float64Array(wMax + 1);
  for (let j = 0; j < values.length; j++) {
    const v = values[j];
    const m = Math.min(counts[j], wMax);
    binom[0] = 1;
    for (let c = 1; c <= m; c++) binom[c] = (binom[c - 1] * (counts[j] - c + 1)) / c;
    largest.unshift(...new Array<number>(m).fill(v));
    largest.length = Math.min(largest.length, wMax);
    for (let k = 1, sum = 0; k <= wMax; k++) reach[k] = Math.min(sMax, (sum += largest[k - 1] ?? 0));
    // Larger sizes first, so every read of a smaller size still holds the table without v.
    for (let k = wMax; k >= 1; k--) {
      const row = k * width;
      for (let s = reach[k]; s >= v; s--) {
        let add = 0;
        for (let c = 1; c <= m && c <= k && c * v <= s; c++) add += binom[c] * ways[(k - c) * width + s - c * v];
        ways[row + s] += add;
      }
    }
  }

  // With the zeros: N_w(s) = Σ_k ways[k][s] C(zeros, w − k).
  const pUpper = new Float64Array(n).fill(1);
  const pLower = new Float64Array(n).fill(1);
  const p = new Float64Array(n).fill(1);
  const zeroChoose = (r: number): number => {
    if (r < 0 || r > zeros) return 0;
    let c = 1;
    for (let i = 1; i <= r; i++) c = (c * (zeros - r + i)) / i;
    return c;
  };
  const upper: (Float64Array | null)[] = new Array(wMax + 1).fill(null);
  const lower: (Float64Array | null)[] = new Array(wMax + 1).fill(null);
  const { offsets, indices } = neighbours;
  const sizes = new Uint8Array(wMax + 1);
  for (let i = 0; i < n; i++) sizes[offsets[i + 1] - offsets[i]] = 1;
  let floor = 1;
  for (let w = 1; w <= wMax; w++) {
    if (!sizes[w] || w === n) continue;
    const dist = new Float64Array(width);
    for (let k = 0; k <= w; k++) {
      const z = zeroChoose(w - k);
      if (z === 0) continue;
      const row = k * width;
      for (let s = 0; s < width; s++) dist[s] += z * ways[row + s];
    }
    let total = 0;
    for (let s = 0; s < width; s++) total += dist[s];
    const up = new Float64Array(width);
    const lo = new Float64Array(width);
    let acc = 0;
    for (let s = width - 1; s >= 0; s--) up[s] = (acc += dist[s]) / total;
    acc = 0;
    for (let s = 0; s < width; s++) lo[s] = (acc += dist[s]) / total;
    let top = width - 1;
    while (top > 0 && dist[top] === 0) top--;
    // A sum of 0 is an all-zero neighbourhood, never tested.
    let bottom = 1;
    while (bottom < top && dist[bottom] === 0) bottom++;
    floor = Math.min(floor, 2 * up[top], 2 * lo[bottom]);
    upper[w] = up;
    lower[w] = lo;
  }
  for (let i = 0; i < n; i++) {
    const w = offsets[i + 1] - offsets[i];
    if (w === n) continue;
    let s = 0;
    let nonZero = false;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) {
      s += x[indices[t]];
      if (x[indices[t]] !== 0) nonZero = true;
    }
    // An all-zero neighbourhood is never evidence (as in the Monte Carlo version).
    if (!nonZero) continue;
    const u = Math.min(1, upper[w]![s]);
    const l = Math.min(1, lower[w]![s]);
    pUpper[i] = u;
    pLower[i] = l;
    p[i] = Math.min(1, 2 * Math.min(u, l));
  }
  return { pUpper, pLower, p, floor: Math.min(1, floor) };
}
