/**
 * Benjamini-Hochberg false discovery rate control for the many per-cell tests of
 * a hot-spot map.
 */

/** Relative slack so a p-value that lands on a boundary up to rounding (e.g. 5·0.03/3) still counts. */
const SLACK = 1 + 1e-12;

export interface BenjaminiHochbergResult {
  /** BH-adjusted p-values ("q-values" in the p.adjust sense), input order; NaN where the input was NaN. */
  adjusted: Float64Array;
  /** 1 where the hypothesis is rejected at alpha (adjusted p <= alpha), else 0. */
  rejected: Uint8Array;
  /** Number rejected, k = max{ i : p(i) <= i alpha / m }. */
  count: number;
  /** Largest raw p-value rejected (the data-driven cut-off), or 0 when none is. */
  threshold: number;
  /** Number of tests m (non-NaN p-values). */
  m: number;
}

/**
 * Benjamini & Hochberg (1995), "Controlling the false discovery rate", JRSS-B
 * 57(1):289-300, as methods.md §5: sort p(1) <= ... <= p(m), adjusted
 * p(i) = min over j >= i of min(1, m p(j) / j) (as R p.adjust(method = "BH")).
 * Rejecting adjusted p <= alpha is the same set as the step-up rule
 * k = max{ i : p(i) <= (i/m) alpha }, reject H(1..k).
 *
 * NaN p-values (cells with no test) are left out of m and come back NaN and not
 * rejected. BH is proven under independence or positive regression dependency
 * (Benjamini & Yekutieli 2001, Annals of Statistics 29(4):1165-1188); Gi* tests
 * with overlapping neighbourhoods are dependent in ways not guaranteed to meet
 * that, so the FDR control is approximate (methods.md §5): say so in the UI.
 */
export function benjaminiHochberg(p: ArrayLike<number>, alpha = 0.05): BenjaminiHochbergResult {
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`benjaminiHochberg: alpha must be in [0, 1], got ${alpha}`);
  const n = p.length;
  const adjusted = new Float64Array(n).fill(NaN);
  const rejected = new Uint8Array(n);
  // Sort the tested indices by p; a typed array of indices keeps the sort cheap.
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (Number.isNaN(v)) continue;
    if (v < 0 || v > 1) throw new RangeError(`benjaminiHochberg: p[${i}] = ${v} is not in [0, 1]`);
    m++;
  }
  const order = new Int32Array(m);
  for (let i = 0, t = 0; i < n; i++) if (!Number.isNaN(p[i])) order[t++] = i;
  order.sort((a, b) => p[a] - p[b] || a - b);
  // Running minimum from the largest p down enforces monotonicity of the adjusted values.
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = order[r];
    const candidate = (m * p[i]) / (r + 1);
    if (candidate < running) running = candidate;
    adjusted[i] = running;
  }
  let count = 0;
  let threshold = 0;
  for (let r = 0; r < m; r++) {
    const i = order[r];
    if (adjusted[i] <= alpha * SLACK) {
      rejected[i] = 1;
      count++;
      threshold = p[i];
    }
  }
  return { adjusted, rejected, count, threshold, m };
}

/** BH-adjusted p-values only, Benjamini & Hochberg (1995) as R p.adjust(method = "BH"); see benjaminiHochberg. */
export function bhAdjust(p: ArrayLike<number>): Float64Array {
  return benjaminiHochberg(p, 0).adjusted;
}
