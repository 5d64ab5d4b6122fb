/**
 * ArcGIS-style hot/cold spot confidence bins (Gi_Bin) from z-scores and
 * FDR-adjusted p-values.
 */
import { benjaminiHochberg } from './benjaminiHochberg';

/**
 * Confidence bin per cell, −3..3, as the ArcGIS Pro "Hot Spot Analysis
 * (Getis-Ord Gi*)" Gi_Bin field with "Apply False Discovery Rate (FDR)
 * Correction" checked (Esri, Hot Spot Analysis (Getis-Ord Gi*) tool reference,
 * usage notes: "±3 bins reflect statistical significance with a 99 percent
 * confidence level ... ±1 ... 90 percent"; with FDR "the critical p-values
 * determining confidence levels [are] reduced"; methods.md §4):
 *
 *   level = 3 if pFdr <= 0.01 (99%), 2 if pFdr <= 0.05 (95%), 1 if pFdr <= 0.10 (90%), else 0
 *   bin   = sign(z) × level, and 0 when pFdr > alpha
 *
 * pFdr is the Benjamini-Hochberg adjusted p of the cell's two-sided p over all
 * cells of the map. ArcGIS applies the BH step-up separately at each confidence
 * level; because "BH rejects at level a" is exactly "adjusted p <= a", the bins
 * above are the same as Esri's. The extra `alpha` gate lets a map ask for 95%
 * only: with alpha = 0.05 a cell at 90% confidence gets 0 instead of ±1;
 * alpha = 0.10 (the default) reproduces ArcGIS. A cell whose z is 0 or NaN, or
 * whose pFdr is NaN, gets 0.
 *
 * pFdr may equally be a BH-adjusted permutation pseudo p (PySAL practice
 * compares p_sim directly with the level), in which case the bins are a
 * permutation analogue of Esri's, not identical to them.
 */
export function confidenceBins(z: ArrayLike<number>, pFdr: ArrayLike<number>, alpha = 0.1): Int8Array {
  if (z.length !== pFdr.length) throw new Error('confidenceBins: z and pFdr differ in length');
  const n = z.length;
  const out = new Int8Array(n);
  // Same rounding slack as benjaminiHochberg, so the bins agree with its rejection set.
  const slack = 1 + 1e-12;
  const gate = alpha * slack;
  for (let i = 0; i < n; i++) {
    const q = pFdr[i];
    const zi = z[i];
    if (!(q <= gate) || !(zi !== 0) || Number.isNaN(zi)) continue;
    const level = q <= 0.01 * slack ? 3 : q <= 0.05 * slack ? 2 : q <= 0.1 * slack ? 1 : 0;
    out[i] = zi > 0 ? level : -level;
  }
  return out;
}

/**
 * Convenience: Benjamini-Hochberg (1995) adjust raw p-values over all cells,
 * then bin as ArcGIS Gi_Bin with FDR (see confidenceBins). Returns the adjusted p-values too, since the
 * map's pop-ups should show the same numbers the bins were drawn from.
 */
export function confidenceBinsFdr(z: ArrayLike<number>, p: ArrayLike<number>, alpha = 0.1): { bins: Int8Array; pFdr: Float64Array } {
  const pFdr = benjaminiHochberg(p, alpha).adjusted;
  return { bins: confidenceBins(z, pFdr, alpha), pFdr };
}
