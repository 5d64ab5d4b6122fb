/**
 * The inference modes for Gi* hot spots behind one call: which p-value each cell is tested with,
 * and what the user should be told about it.
 */
import type { Neighbours } from './neighbours';
import { giStar, giStarPermutation } from './giStar';
import { drawsForCells, giStarRandomisation } from './giStarRandomisation';
import { randomisationExact } from './randomisationExact';
import { poissonLowerTail, poissonUpperTail } from './stats/poisson';

export const INFERENCE_MODES = ['randomisation', 'conditional', 'normal', 'poisson'] as const;
export type InferenceMode = (typeof INFERENCE_MODES)[number];

/** The default: its false discovery rate held at alpha on every configuration of the calibration study. */
export const DEFAULT_INFERENCE: InferenceMode = 'randomisation';

export interface InferenceOptions {
  mode: InferenceMode;
  /** Significance level BH will use: sets the automatic number of randomisation draws. */
  alpha: number;
  /** Draws or permutations; 0 or undefined: automatic (randomisation) or 999 (conditional). */
  draws?: number;
  seed?: number;
}

export interface InferenceResult {
  mode: InferenceMode;
  z: Float64Array;
  /** Two-sided p used for the test, 1 where the neighbourhood is all zero (resampling modes). */
  p: Float64Array;
  /** One-tailed pseudo p of the conditional mode (PySAL p_sim, ties on both sides). */
  pSim?: Float64Array;
  /** Draws or permutations used (0 for the closed-form modes and the exact randomisation null). */
  draws: number;
  /** True when the randomisation null was counted exactly rather than sampled. */
  exact?: boolean;
  /** The smallest two-sided p a cell can reach (0 when unbounded). */
  floor: number;
}

/**
 * Run one inference mode:
 * - randomisation: total randomisation (values shuffled over the study area). With automatic draws
 *   and whole-number values its null is counted exactly when that costs less than the Monte Carlo
 *   would (randomisationExact); otherwise Monte Carlo with draws chosen so BH over all cells can
 *   reject (giStarRandomisation). Both estimate the same p; the exact one without sampling error;
 * - conditional: PySAL esda's conditional permutation, x_i fixed (giStarPermutation);
 * - normal: the analytic normal approximation (giStar), anti-conservative on zero-heavy counts;
 * - poisson: a parametric null for counts, each cell Poisson at the study-area mean, so a
 *   neighbourhood of w cells sums to Poisson(w × mean); needs whole-number values.
 */
export function hotspotInference(values: ArrayLike<number>, neighbours: Neighbours, opts: InferenceOptions): InferenceResult {
  const seed = opts.seed ?? 0;
  switch (opts.mode) {
    case 'normal': {
      const { z, p } = giStar(values, neighbours);
      return { mode: 'normal', z, p, draws: 0, floor: 0 };
    }
    case 'conditional': {
      const perms = opts.draws || 999;
      const r = giStarPermutation(values, neighbours, { permutations: perms, seed });
      return {
        mode: 'conditional',
        z: r.z,
        p: agreeWithSign(r.z, r.pPerm, r.smaller, r.larger),
        pSim: r.pSim,
        draws: perms,
        floor: Math.min(1, 2 / (perms + 1)),
      };
    }
    case 'randomisation': {
      const draws = opts.draws || drawsForCells(values.length, opts.alpha);
      if (!opts.draws) {
        const exact = randomisationExact(values, neighbours, EXACT_PER_DRAW_STEP * draws * largestNeighbourhood(neighbours));
        if (exact) {
          const { z } = giStar(values, neighbours);
          return {
            mode: 'randomisation',
            z,
            p: agreeWithSign(z, exact.p, exact.pLower, exact.pUpper),
            draws: 0,
            floor: exact.floor,
            exact: true,
          };
        }
      }
      const r = giStarRandomisation(values, neighbours, { draws, seed });
      return { mode: 'randomisation', z: r.z, p: agreeWithSign(r.z, r.p, r.pLower, r.pUpper), draws, floor: r.floor };
    }
    case 'poisson':
      return poissonInference(values, neighbours);
  }
}

/**
 * One Monte Carlo step (a bounded random index, a swap and a tally) costs about as much as this
 * many of the exact count's multiply-adds (measured on Stockton's maps: 13 ns against 1.7 ns), so
 * the exact null is used whenever its work is below the draws' work times this.
 */
const EXACT_PER_DRAW_STEP = 6;

function largestNeighbourhood(neighbours: Neighbours): number {
  let w = 0;
  for (let i = 0; i + 1 < neighbours.offsets.length; i++) w = Math.max(w, neighbours.offsets[i + 1] - neighbours.offsets[i]);
  return w;
}

/**
 * A resampling p belongs to the tail it came from; a cell whose z points the other way (possible
 * only at p near 1, by the discreteness of ties) is not significant in either direction. `hiTail`
 * and `loTail` are any pair ordered like (evidence of hot, evidence of cold): larger counts or
 * smaller p-values, as long as "hiTail beats loTail" means hot.
 */
function agreeWithSign(z: Float64Array, p: Float64Array, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = Float64Array.from(p);
  for (let i = 0; i < z.length; i++) {
    const hot = a[i] > b[i];
    const cold = a[i] < b[i];
    if ((z[i] > 0 && !hot) || (z[i] < 0 && !cold)) out[i] = 1;
  }
  return out;
}

function poissonInference(values: ArrayLike<number>, neighbours: Neighbours): InferenceResult {
  const n = values.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`poisson inference needs whole-number counts; cell ${i} holds ${v} (use count weighting)`);
    total += v;
  }
  const mean = total / n;
  const { z } = giStar(values, neighbours);
  const p = new Float64Array(n);
  const { offsets, indices } = neighbours;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = offsets[i]; t < offsets[i + 1]; t++) s += values[indices[t]];
    if (s === 0) {
      p[i] = 1;
      continue;
    }
    const mu = mean * (offsets[i + 1] - offsets[i]);
    const upper = poissonUpperTail(s, mu);
    const lower = poissonLowerTail(s, mu);
    p[i] = (z[i] > 0 && upper < lower) || (z[i] < 0 && lower < upper) ? Math.min(1, 2 * Math.min(upper, lower)) : 1;
  }
  return { mode: 'poisson', z, p, draws: 0, floor: 0 };
}
