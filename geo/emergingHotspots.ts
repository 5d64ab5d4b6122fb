/**
 * Emerging hot spot classes for each cell from its series of per-step Gi*
 * results, after ArcGIS Pro "Emerging Hot Spot Analysis" as implemented by
 * R sfdep::emerging_hotspot_analysis.
 */
import { mannKendall } from './mannKendall';

export type EmergingPattern =
  | 'new-hot-spot'
  | 'consecutive-hot-spot'
  | 'intensifying-hot-spot'
  | 'persistent-hot-spot'
  | 'diminishing-hot-spot'
  | 'sporadic-hot-spot'
  | 'oscillating-hot-spot'
  | 'historical-hot-spot'
  | 'new-cold-spot'
  | 'consecutive-cold-spot'
  | 'intensifying-cold-spot'
  | 'persistent-cold-spot'
  | 'diminishing-cold-spot'
  | 'sporadic-cold-spot'
  | 'oscillating-cold-spot'
  | 'historical-cold-spot'
  | 'no-pattern';

/** ArcGIS display names. */
export const EMERGING_PATTERN_LABELS: Record<EmergingPattern, string> = {
  'new-hot-spot': 'New Hot Spot',
  'consecutive-hot-spot': 'Consecutive Hot Spot',
  'intensifying-hot-spot': 'Intensifying Hot Spot',
  'persistent-hot-spot': 'Persistent Hot Spot',
  'diminishing-hot-spot': 'Diminishing Hot Spot',
  'sporadic-hot-spot': 'Sporadic Hot Spot',
  'oscillating-hot-spot': 'Oscillating Hot Spot',
  'historical-hot-spot': 'Historical Hot Spot',
  'new-cold-spot': 'New Cold Spot',
  'consecutive-cold-spot': 'Consecutive Cold Spot',
  'intensifying-cold-spot': 'Intensifying Cold Spot',
  'persistent-cold-spot': 'Persistent Cold Spot',
  'diminishing-cold-spot': 'Diminishing Cold Spot',
  'sporadic-cold-spot': 'Sporadic Cold Spot',
  'oscillating-cold-spot': 'Oscillating Cold Spot',
  'historical-cold-spot': 'Historical Cold Spot',
  'no-pattern': 'No Pattern Detected',
};

export interface EmergingOptions {
  /** Mann-Kendall two-sided p at or below which the z-score trend counts as significant (default 0.05). */
  trendAlpha?: number;
  /**
   * Require a significant hot (cold) final step for "sporadic", as the current
   * ArcGIS Pro wording does; sfdep and ArcMap 10.x do not (default false).
   */
  sporadicRequiresFinal?: boolean;
}

export interface EmergingCellResult {
  pattern: EmergingPattern;
  /** Mann-Kendall tau-b of the z-score series. */
  tau: number;
  /** Mann-Kendall z of the z-score series. */
  trendZ: number;
  /** Mann-Kendall two-sided p. */
  trendP: number;
  /** Steps that were significant hot (bin > 0) / cold (bin < 0) spots. */
  hotSteps: number;
  coldSteps: number;
}

/**
 * Classify one cell from its time series (oldest first) of Gi* z-scores and
 * confidence bins (−3..3, non-zero = significant after FDR; see confidenceBin).
 *
 * Rules: ArcGIS Pro, "How Emerging Hot Spot Analysis works" (pattern table), as
 * coded in sfdep R/emerging-hostpot-classifications.R (J. Parry,
 * github.com/JosiahParry/sfdep, commit 156b846, classify_hotspot): the first
 * matching rule in sfdep's order wins. With n steps, hot[t] = bin > 0, cold[t] = bin < 0, "90%" = at least 0.9 n steps,
 * trend = Mann-Kendall on the z-scores, significant when p <= trendAlpha:
 *
 *  1. new hot: exactly one significant step, the final one, hot.
 *  2. new cold: the same, cold.
 *  3. consecutive hot: a run of >= 2 hot steps ends the series, no significant
 *     step (hot or cold) before it, and < 90% of steps hot.
 *  4. consecutive cold: mirror.
 *  5. intensifying hot: >= 90% hot, final step hot, upward significant trend.
 *  6. intensifying cold: >= 90% cold, final step cold, downward significant trend.
 *  7. persistent hot: >= 90% hot, no significant trend.
 *  8. persistent cold: >= 90% cold, no significant trend.
 *  9. diminishing hot: >= 90% hot, final step hot, downward significant trend.
 * 10. diminishing cold: >= 90% cold, final step cold, upward significant trend.
 * 11. oscillating hot: final step hot, < 90% hot, at least one cold step.
 * 12. oscillating cold: mirror.
 * 13. historical hot: >= 90% hot and the final step is not a significant hot spot.
 * 14. historical cold: mirror.
 * 15. sporadic hot: < 90% hot, at least one hot and no cold step (and, with
 *     sporadicRequiresFinal, a hot final step).
 * 16. sporadic cold: mirror.
 * 17. no pattern.
 *
 * Where sfdep departs from the ArcGIS wording, this follows ArcGIS, so hot and
 * cold rules mirror each other exactly:
 *  - intensifying hot counts hot steps (sfdep counts any significant step and
 *    does not check the final step is hot, unlike its own cold rule);
 *  - historical means "the most recent time period is not hot" (sfdep tests
 *    z_n < 0, so a final step with 0 < z not significant fell to no pattern);
 *  - oscillating uses "< 90%" for both (sfdep: <= for hot, < for cold);
 *  - the consecutive run is a run of hot steps (sfdep's run of significant steps
 *    could end in a mixed cold/hot run and call it consecutive);
 *  - one trend threshold (sfdep: p < threshold for intensifying hot, <= elsewhere).
 * As in sfdep, >= 90% hot with no trend is "persistent" even when the final step
 * is not hot (persistent is tested before historical).
 *
 * ArcGIS computes each step's Gi* with a space-time neighbourhood and asks for
 * at least 10 steps; callers decide both, the rules work for any n >= 1.
 */
export function classifyEmergingSeries(z: ArrayLike<number>, bins: ArrayLike<number>, options: EmergingOptions = {}): EmergingCellResult {
  const n = z.length;
  if (bins.length !== n) throw new Error('classifyEmergingSeries: z and bins differ in length');
  const alpha = options.trendAlpha ?? 0.05;
  let hotSteps = 0;
  let coldSteps = 0;
  for (let t = 0; t < n; t++) {
    if (bins[t] > 0) hotSteps++;
    else if (bins[t] < 0) coldSteps++;
  }
  if (n === 0) return { pattern: 'no-pattern', tau: 0, trendZ: 0, trendP: 1, hotSteps, coldSteps };
  const mk = mannKendall(z);
  const pattern = classify(bins, hotSteps, coldSteps, mk.s, mk.p <= alpha, options.sporadicRequiresFinal ?? false);
  return { pattern, tau: mk.tau, trendZ: mk.z, trendP: mk.p, hotSteps, coldSteps };
}

function classify(
  bins: ArrayLike<number>,
  nHot: number,
  nCold: number,
  s: number,
  trendSig: boolean,
  sporadicRequiresFinal: boolean,
): EmergingPattern {
  const n = bins.length;
  const last = bins[n - 1];
  const lastHot = last > 0;
  const lastCold = last < 0;
  const nSig = nHot + nCold;
  // Integer form of "share >= 90%", free of 0.9 rounding.
  const mostlyHot = 10 * nHot >= 9 * n;
  const mostlyCold = 10 * nCold >= 9 * n;
  const up = s > 0;
  const down = s < 0;

  if (nSig === 1 && lastHot) return 'new-hot-spot';
  if (nSig === 1 && lastCold) return 'new-cold-spot';
  if (lastHot && !mostlyHot && endsWithCleanRun(bins, 1)) return 'consecutive-hot-spot';
  if (lastCold && !mostlyCold && endsWithCleanRun(bins, -1)) return 'consecutive-cold-spot';
  if (mostlyHot && lastHot && up && trendSig) return 'intensifying-hot-spot';
  if (mostlyCold && lastCold && down && trendSig) return 'intensifying-cold-spot';
  if (mostlyHot && !trendSig) return 'persistent-hot-spot';
  if (mostlyCold && !trendSig) return 'persistent-cold-spot';
  if (mostlyHot && lastHot && down && trendSig) return 'diminishing-hot-spot';
  if (mostlyCold && lastCold && up && trendSig) return 'diminishing-cold-spot';
  if (lastHot && !mostlyHot && nCold > 0) return 'oscillating-hot-spot';
  if (lastCold && !mostlyCold && nHot > 0) return 'oscillating-cold-spot';
  if (mostlyHot && !lastHot) return 'historical-hot-spot';
  if (mostlyCold && !lastCold) return 'historical-cold-spot';
  if (!mostlyHot && nHot > 0 && nCold === 0 && (!sporadicRequiresFinal || lastHot)) return 'sporadic-hot-spot';
  if (!mostlyCold && nCold > 0 && nHot === 0 && (!sporadicRequiresFinal || lastCold)) return 'sporadic-cold-spot';
  return 'no-pattern';
}

/**
 * True when the series ends with a run of steps of the given sign and every
 * step before that run is not significant. The run has length >= 2 whenever
 * this matters, because a lone final significant step is "new" (tested first).
 */
function endsWithCleanRun(bins: ArrayLike<number>, sign: 1 | -1): boolean {
  let t = bins.length - 1;
  while (t >= 0 && Math.sign(bins[t]) === sign) t--;
  for (; t >= 0; t--) if (bins[t] > 0 || bins[t] < 0) return false;
  return true;
}

export interface EmergingResult {
  /** Pattern per cell. */
  patterns: EmergingPattern[];
  tau: Float64Array;
  trendZ: Float64Array;
  trendP: Float64Array;
  hotSteps: Int32Array;
  coldSteps: Int32Array;
}

/**
 * Classify every cell by the ArcGIS Pro / sfdep emerging hot spot rules with a
 * Mann-Kendall trend on each cell's z-scores (see classifyEmergingSeries for
 * sources and rules). Inputs are step-major, the
 * shape a loop of per-month Gi* calls produces: zByStep[t][i] and
 * binsByStep[t][i] are cell i's z-score and confidence bin in step t (oldest
 * first); every step covers the same cells in the same order.
 */
export function emergingHotspots(
  zByStep: ArrayLike<number>[],
  binsByStep: ArrayLike<number>[],
  options: EmergingOptions = {},
): EmergingResult {
  const T = zByStep.length;
  if (binsByStep.length !== T) throw new Error('emergingHotspots: z and bins have different numbers of steps');
  const n = T === 0 ? 0 : zByStep[0].length;
  for (let t = 0; t < T; t++) {
    if (zByStep[t].length !== n || binsByStep[t].length !== n)
      throw new Error(`emergingHotspots: step ${t} has a different number of cells`);
  }
  const patterns: EmergingPattern[] = new Array(n);
  const tau = new Float64Array(n);
  const trendZ = new Float64Array(n);
  const trendP = new Float64Array(n);
  const hotSteps = new Int32Array(n);
  const coldSteps = new Int32Array(n);
  // Per-cell scratch series reused across cells.
  const zs = new Float64Array(T);
  const bs = new Int8Array(T);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < T; t++) {
      zs[t] = zByStep[t][i];
      bs[t] = Math.sign(binsByStep[t][i]);
    }
    const r = classifyEmergingSeries(zs, bs, options);
    patterns[i] = r.pattern;
    tau[i] = r.tau;
    trendZ[i] = r.trendZ;
    trendP[i] = r.trendP;
    hotSteps[i] = r.hotSteps;
    coldSteps[i] = r.coldSteps;
  }
  return { patterns, tau, trendZ, trendP, hotSteps, coldSteps };
}
