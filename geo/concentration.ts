/**
 * Concentration of harm across cells: how much of the total lies in the top k%
 * of cells (the "law of crime concentration").
 */

export interface ConcentrationResult {
  /** Number of cells n (zero cells included). */
  n: number;
  /** Σ values. */
  total: number;
  /** Share of the total in the top 1%, 5% and 10% of cells (see topShare for the rounding). */
  top1: number;
  top5: number;
  top10: number;
  /** Smallest share of cells holding at least half of the total (Weisburd's headline figure). */
  cellShareForHalf: number;
  /** Gini coefficient of the cell values (0 = even, → 1 = all in one cell). */
  gini: number;
  /** Lorenz-type curve, cells sorted by value descending: x = share of cells, y = cumulative share of total, from (0,0) to (1,1). */
  curve: { x: Float64Array; y: Float64Array };
}

/**
 * Concentration curve after Weisburd (2015), "The law of crime concentration and
 * the criminology of place", Criminology 53(2):133-157 (about 50% of crime at
 * 2-6% of street segments); methods.md §8.
 *
 * Cells are sorted by value, largest first; the curve's point k is
 * (k / n, Σ of the k largest / total). topShare(p) uses the top ceil(p·n) cells,
 * so "top 1%" of 250 cells is the top 3, never zero cells. The denominator n is
 * every cell passed: include the study area's zero cells, as Weisburd counts
 * all street segments, or the concentration is understated.
 *
 * The curve is thinned to at most maxPoints points (default 200), always
 * keeping both ends; it is exact at the kept points. The Gini coefficient is
 * the standard sorted-values form G = Σ (2i − n − 1) x_(i) / (n Σ x) with x
 * ascending and i = 1..n. Values must be finite and non-negative. With a zero
 * total every share is NaN.
 */
export function concentration(values: ArrayLike<number>, maxPoints = 200): ConcentrationResult {
  const n = values.length;
  if (!(maxPoints >= 2)) throw new RangeError('concentration: maxPoints must be at least 2');
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`concentration: values[${i}] = ${v} must be finite and >= 0`);
    sorted[i] = v;
  }
  sorted.sort().reverse(); // descending
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + sorted[i];
  const total = cum[n];
  const share = (k: number) => (total > 0 ? cum[k] / total : NaN);
  const topShare = (pct: number) => (n === 0 ? NaN : share(Math.min(n, Math.ceil((pct / 100) * n - 1e-9))));

  let cellShareForHalf = NaN;
  if (total > 0) {
    // Smallest k with cum[k] >= total / 2.
    let lo = 1;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] >= total / 2) hi = mid;
      else lo = mid + 1;
    }
    cellShareForHalf = lo / n;
  }

  let gini = NaN;
  if (total > 0) {
    // sorted is descending; rank i (1-based) in ascending order is n - r.
    let acc = 0;
    for (let r = 0; r < n; r++) acc += (2 * (n - r) - n - 1) * sorted[r];
    gini = acc / (n * total);
  }

  // Thinned curve: indices 0..n spread evenly, both ends kept.
  const points = Math.min(n + 1, Math.max(2, Math.floor(maxPoints)));
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  for (let t = 0; t < points; t++) {
    const k = points === n + 1 ? t : Math.round((t * n) / (points - 1));
    x[t] = n === 0 ? 0 : k / n;
    y[t] = share(k);
  }

  return { n, total, top1: topShare(1), top5: topShare(5), top10: topShare(10), cellShareForHalf, gini, curve: { x, y } };
}

/** Share of the total held by the top pct% of cells (top ceil(pct/100 · n) cells), the measure of Weisburd (2015); see concentration. */
export function topShare(values: ArrayLike<number>, pct: number): number {
  const n = values.length;
  const sorted = Float64Array.from(values as ArrayLike<number>)
    .sort()
    .reverse();
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i];
  const k = Math.min(n, Math.ceil((pct / 100) * n - 1e-9));
  let top = 0;
  for (let i = 0; i < k; i++) top += sorted[i];
  return total > 0 ? top / total : NaN;
}
