/**
 * Global empirical-Bayes smoothing of area rates (events per resident), so that
 * small populations do not produce the most extreme rates on the map.
 */

export interface EmpiricalBayesResult {
  /** Smoothed rates, events per unit population (multiply by 1,000 for "per 1,000"). NaN where population <= 0. */
  rates: Float64Array;
  /** Raw rates e_i / p_i (NaN where population <= 0). */
  rawRates: Float64Array;
  /** Shrinkage weight w_i of the raw rate (0 = all prior mean, 1 = raw rate). */
  weights: Float64Array;
  /** Prior mean θ = Σe / Σp. */
  priorMean: number;
  /** Prior variance φ (method of moments, floored at 0). */
  priorVariance: number;
}

/**
 * Global empirical-Bayes rates, Marshall (1991), "Mapping disease and mortality
 * rates using empirical Bayes estimators", Applied Statistics 40(2):283-294, as
 * GeoDa's "Empirical Bayes" rate and PySAL esda.smoothing.Empirical_Bayes:
 *
 *   θ  = Σ e_i / Σ p_i                              (prior mean)
 *   s² = Σ p_i (r_i − θ)² / Σ p_i                    (population-weighted variance of raw rates)
 *   φ  = s² − θ / p̄,  p̄ = Σ p_i / n                  (prior variance; set to 0 if negative)
 *   w_i = φ / (φ + θ / p_i),  EB_i = w_i r_i + (1 − w_i) θ
 *
 * A negative φ means the raw rates vary less than Poisson noise alone would make
 * them, so every area is shrunk to θ; Marshall and GeoDa floor φ at 0, PySAL's
 * global Empirical_Bayes does not (its weights then turn negative), so results
 * differ from PySAL exactly in that case.
 *
 * Areas with population <= 0 (or NaN) have no rate: they are left out of θ, s²
 * and p̄ and come back NaN. If there are no events at all, every rate is 0.
 * Counts may be harm-weighted sums; the Poisson reasoning behind θ / p_i then
 * holds only approximately.
 */
export function empiricalBayesRates(counts: ArrayLike<number>, populations: ArrayLike<number>): EmpiricalBayesResult {
  const n = counts.length;
  if (populations.length !== n) throw new Error('empiricalBayesRates: counts and populations differ in length');
  const rawRates = new Float64Array(n).fill(NaN);
  const rates = new Float64Array(n).fill(NaN);
  const weights = new Float64Array(n).fill(NaN);
  let eSum = 0;
  let pSum = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const p = populations[i];
    if (!(p > 0)) continue;
    const e = counts[i];
    if (!(e >= 0)) throw new RangeError(`empiricalBayesRates: counts[${i}] = ${e} must be a non-negative number`);
    eSum += e;
    pSum += p;
    m++;
    rawRates[i] = e / p;
  }
  if (m === 0) return { rates, rawRates, weights, priorMean: NaN, priorVariance: NaN };
  const theta = eSum / pSum;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const p = populations[i];
    if (!(p > 0)) continue;
    const d = rawRates[i] - theta;
    ss += p * d * d;
  }
  const phi = Math.max(0, ss / pSum - theta / (pSum / m));
  for (let i = 0; i < n; i++) {
    const p = populations[i];
    if (!(p > 0)) continue;
    // theta = 0 (no events anywhere) makes w = 0/0; all rates are then 0.
    const w = theta === 0 ? 0 : phi / (phi + theta / p);
    weights[i] = w;
    rates[i] = theta + w * (rawRates[i] - theta);
  }
  return { rates, rawRates, weights, priorMean: theta, priorVariance: phi };
}
