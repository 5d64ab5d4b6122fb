/**
 * Overlap of two hot-spot layers (e.g. violence and ASB) on the same study-area
 * cells, with a permutation test against chance overlap (methods.md §6).
 */
import { createRng } from './random';

/** Hot-cell mask over the study area: truthy = hot. Both layers use the same cell order. */
export type Mask = ArrayLike<number | boolean>;

export interface SetOverlapOptions {
  /** Number of random relabellings (default 999). 0 skips the permutation test. */
  permutations?: number;
  /** Seed for the permutation stream (default 0). */
  seed?: number;
}

export interface SetOverlapResult {
  /** Study-area size n (cells that could be hot). */
  n: number;
  sizeA: number;
  sizeB: number;
  intersection: number;
  union: number;
  /** |A ∩ B| / |A ∪ B|; NaN when both sets are empty. */
  jaccard: number;
  /** |A ∩ B| / min(|A|, |B|); NaN when either set is empty. */
  overlap: number;
  /** Intersection expected by chance, |A| |B| / n. */
  expectedIntersection: number;
  /** Permutation p = (#{J_sim >= J_obs} + 1) / (perms + 1); 1 when a set is empty. NaN when permutations = 0. */
  pPermutation: number;
  /** The exact p of the same null: hypergeometric P(I >= I_obs), for checking the permutation p. */
  pExact: number;
  permutations: number;
}

/**
 * Jaccard index J = |A ∩ B| / |A ∪ B| (Jaccard 1912, New Phytologist 11(2):37-50)
 * of two hot-cell masks. NaN when both are empty.
 */
export function jaccard(a: Mask, b: Mask): number {
  const { intersection, union } = counts(a, b);
  return union === 0 ? NaN : intersection / union;
}

/**
 * Overlap (Szymkiewicz-Simpson) coefficient |A ∩ B| / min(|A|, |B|)
 * (Szymkiewicz 1934; Simpson 1943). It is 1 when the smaller layer
 * lies wholly inside the larger, which Jaccard under-states when the layers'
 * sizes differ. NaN when either set is empty.
 */
export function overlapCoefficient(a: Mask, b: Mask): number {
  const { intersection, sizeA, sizeB } = counts(a, b);
  const m = Math.min(sizeA, sizeB);
  return m === 0 ? NaN : intersection / m;
}

/**
 * Jaccard, overlap coefficient and a permutation p-value for the Jaccard index
 * (methods.md §6): layer B's hot labels are shuffled over the study area's n
 * cells (each permutation places |B| hot labels on a uniformly random set of
 * cells, i.e. a Fisher-Yates shuffle of B's labels), A stays fixed, and
 * p = (#{J_sim >= J_obs} + 1) / (perms + 1) (North, Curtis & Sham 2002,
 * Am J Hum Genet 71(2):439-441).
 * With |A| and |B| fixed, J = I / (|A| + |B| − I) increases with the intersection I,
 * so the test counts I_sim >= I_obs.
 *
 * Under this null I is hypergeometric(n, |A|, |B|), so the exact p is also
 * returned; the permutation p is kept because it is what the method card
 * describes and it generalises to constrained shuffles. The null ignores spatial
 * autocorrelation: clustered layers overlap more by chance than shuffled cells
 * do, so a small p says "more overlap than random placement", not "linked".
 */
export function setOverlap(a: Mask, b: Mask, options: SetOverlapOptions = {}): SetOverlapResult {
  const perms = options.permutations ?? 999;
  if (!Number.isInteger(perms) || perms < 0) throw new RangeError(`setOverlap: permutations must be a non-negative integer, got ${perms}`);
  const { n, sizeA, sizeB, intersection, union } = counts(a, b);
  const jac = union === 0 ? NaN : intersection / union;
  const minSize = Math.min(sizeA, sizeB);
  const overlap = minSize === 0 ? NaN : intersection / minSize;
  const empty = sizeA === 0 || sizeB === 0;

  let pPermutation = perms === 0 ? NaN : 1;
  if (!empty && perms > 0) {
    const rng = createRng(options.seed ?? 0);
    const inA = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (a[i]) inA[i] = 1;
    // Partial Fisher-Yates over a reusable pool: each permutation costs |B| draws.
    const pool = new Int32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    let ge = 0;
    for (let r = 0; r < perms; r++) {
      let hits = 0;
      for (let t = 0; t < sizeB; t++) {
        const pick = t + rng.int(n - t);
        const v = pool[pick];
        pool[pick] = pool[t];
        pool[t] = v;
        hits += inA[v];
      }
      if (hits >= intersection) ge++;
    }
    pPermutation = (ge + 1) / (perms + 1);
  }
  const pExact = empty ? 1 : hypergeometricUpperTail(n, sizeA, sizeB, intersection);
  return {
    n,
    sizeA,
    sizeB,
    intersection,
    union,
    jaccard: jac,
    overlap,
    expectedIntersection: (sizeA * sizeB) / n,
    pPermutation,
    pExact,
    permutations: perms,
  };
}

/** Mask over `studyCells` (1 = the cell is in `hot`), e.g. to turn lists of hot H3 cells into aligned masks. A data utility: no method, no source. */
export function maskFromCells(studyCells: readonly string[], hot: Iterable<string>): Uint8Array {
  const set = new Set(hot);
  const out = new Uint8Array(studyCells.length);
  for (let i = 0; i < studyCells.length; i++) if (set.has(studyCells[i])) out[i] = 1;
  return out;
}

function counts(a: Mask, b: Mask): { n: number; sizeA: number; sizeB: number; intersection: number; union: number } {
  if (a.length !== b.length) throw new Error(`setOverlap: masks differ in length (${a.length} vs ${b.length})`);
  const n = a.length;
  let sizeA = 0;
  let sizeB = 0;
  let intersection = 0;
  for (let i = 0; i < n; i++) {
    const ai = a[i] ? 1 : 0;
    const bi = b[i] ? 1 : 0;
    sizeA += ai;
    sizeB += bi;
    intersection += ai & bi;
  }
  return { n, sizeA, sizeB, intersection, union: sizeA + sizeB - intersection };
}

/**
 * P(I >= k) for I ~ hypergeometric(N population, K successes, d draws), summed in
 * log space from the pmf ratio P(i+1)/P(i) = (K−i)(d−i) / ((i+1)(N−K−d+i+1)) so
 * large study areas neither overflow nor underflow.
 */
function hypergeometricUpperTail(N: number, K: number, d: number, k: number): number {
  const lo = Math.max(0, d - (N - K));
  const hi = Math.min(K, d);
  if (k <= lo) return 1;
  if (k > hi) return 0;
  const logw = new Float64Array(hi - lo + 1);
  for (let i = lo; i < hi; i++) {
    logw[i - lo + 1] = logw[i - lo] + Math.log(((K - i) * (d - i)) / ((i + 1) * (N - K - d + i + 1)));
  }
  let max = -Infinity;
  for (let t = 0; t < logw.length; t++) if (logw[t] > max) max = logw[t];
  let total = 0;
  let tail = 0;
  for (let t = 0; t < logw.length; t++) {
    const w = Math.exp(logw[t] - max);
    total += w;
    if (t + lo >= k) tail += w;
  }
  return Math.min(1, tail / total);
}
