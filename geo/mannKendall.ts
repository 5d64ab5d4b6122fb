/**
 * Mann-Kendall monotonic trend test and Sen's slope for a short, evenly spaced
 * series (monthly counts or monthly Gi* z-scores of one cell).
 */
import { normalTwoSidedP } from './stats/normal';

export interface MannKendallResult {
  /** Series length. */
  n: number;
  /** Kendall score S = Σ_{i<j} sign(x_j − x_i). */
  s: number;
  /** Var(S) under H0 with the tie correction. */
  varS: number;
  /** Normal score with continuity correction. */
  z: number;
  /** Two-sided p-value from the normal approximation. */
  p: number;
  /** Kendall's tau-b against time, S / sqrt((n0 − n1) n0) (as R Kendall::MannKendall). */
  tau: number;
  /** Sen's slope (median pairwise slope per time step) when requested, else NaN. */
  senSlope: number;
}

/**
 * Mann-Kendall trend test (Mann 1945, Econometrica 13(3):245-259; Kendall 1975,
 * Rank Correlation Methods, 4th ed.), in the form ArcGIS's Emerging Hot Spot
 * Analysis and pymannkendall.original_test use:
 *
 *   S      = Σ_{i<j} sign(x_j − x_i)
 *   Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18   (t_g = size of tie group g)
 *   z      = (S − 1)/sqrt(Var S) if S > 0, (S + 1)/sqrt(Var S) if S < 0, 0 if S = 0
 *   p      = 2 (1 − Φ(|z|))
 *
 * tau = S / sqrt((n0 − n1) n0), n0 = n(n−1)/2, n1 = Σ_g t_g(t_g−1)/2 (tau-b; time
 * has no ties), as R Kendall::MannKendall, which sfdep uses. Kendall's package
 * may use an exact null for small untied n; here p is always the normal
 * approximation (fine from n ≈ 10, the minimum ArcGIS asks for).
 *
 * Sen's slope (Sen 1968, JASA 63(324):1379-1389) is the median of
 * (x_j − x_i)/(j − i) over i < j; optional because it costs O(n² log n).
 * Values must be finite.
 */
export function mannKendall(x: ArrayLike<number>, options: { senSlope?: boolean } = {}): MannKendallResult {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`mannKendall: x[${i}] is not finite (${x[i]})`);
  }
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    for (let j = i + 1; j < n; j++) {
      const d = x[j] - xi;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  }
  // Tie groups from a sorted copy.
  const sorted = Float64Array.from(x as ArrayLike<number>).sort();
  let tieTerm = 0;
  let tiePairs = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const t = j - i;
    if (t > 1) {
      tieTerm += t * (t - 1) * (2 * t + 5);
      tiePairs += (t * (t - 1)) / 2;
    }
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const sd = Math.sqrt(varS);
  let z = 0;
  if (sd > 0) {
    if (s > 0) z = (s - 1) / sd;
    else if (s < 0) z = (s + 1) / sd;
  }
  const n0 = (n * (n - 1)) / 2;
  const d = Math.sqrt((n0 - tiePairs) * n0);
  return {
    n,
    s,
    varS,
    z,
    p: sd > 0 ? normalTwoSidedP(z) : 1,
    tau: d > 0 ? s / d : 0,
    senSlope: options.senSlope ? senSlope(x) : NaN,
  };
}

/**
 * Sen's (1968) slope estimator: median over i < j of (x_j − x_i)/(j − i), in units
 * of x per time step. NaN for fewer than two points.
 */
export function senSlope(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) slopes[k++] = (x[j] - x[i]) / (j - i);
  slopes.sort();
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
}
