/**
 * Observed versus expected harm per area given its deprivation stratum
 * (indirect standardisation), to flag places hotter than deprivation predicts.
 */

export interface StratumRate {
  /** Stratum key as given (e.g. IMD decile 1..10). */
  stratum: number;
  observed: number;
  population: number;
  /** observed / population; NaN when the stratum has no population. */
  rate: number;
  areas: number;
}

export interface IndirectStandardisationResult {
  /** E_i = population_i × rate of area i's stratum; NaN when the stratum is missing. */
  expected: Float64Array;
  /** O_i / E_i (standardised ratio); NaN when E_i is 0 or NaN. */
  ratio: Float64Array;
  /** O_i − E_i; NaN when the stratum is missing. */
  difference: Float64Array;
  /** Per-stratum rates, ascending by stratum. */
  strata: StratumRate[];
  /** Σ observed / Σ population over areas with a stratum. */
  overallRate: number;
}

/**
 * Indirect standardisation by stratum (methods.md §7; the standardised
 * mortality/incidence ratio construction, e.g. Breslow & Day 1987, Statistical
 * Methods in Cancer Research II, ch. 2): for each stratum s (IMD decile),
 *
 *   rate_s = Σ_{i in s} harm_i / Σ_{i in s} pop_i
 *   E_i    = pop_i × rate_{s(i)},   ratio_i = O_i / E_i,   difference_i = O_i − E_i
 *
 * so Σ E_i = Σ O_i within every stratum and a ratio above 1 (difference above 0)
 * is harm beyond what the area's deprivation level predicts. Rates come from
 * the areas passed (internal standardisation), and every area of a stratum
 * counts in its rate, including areas with few residents and much harm (town
 * centres): they raise their stratum's rate and get E_i near 0, so show their
 * difference rather than their ratio. Areas whose stratum is NaN are left out
 * of every rate and come back NaN. Harm may be weighted, so no Poisson
 * interval is attached here.
 */
export function indirectStandardisation(
  observed: ArrayLike<number>,
  population: ArrayLike<number>,
  stratum: ArrayLike<number>,
): IndirectStandardisationResult {
  const n = observed.length;
  if (population.length !== n || stratum.length !== n) throw new Error('indirectStandardisation: inputs differ in length');
  const byStratum = new Map<number, StratumRate>();
  let oSum = 0;
  let pSum = 0;
  for (let i = 0; i < n; i++) {
    const s = stratum[i];
    if (Number.isNaN(s)) continue;
    const o = observed[i];
    const p = population[i];
    if (!(o >= 0) || !(p >= 0))
      throw new RangeError(`indirectStandardisation: area ${i} has observed ${o}, population ${p}; both must be >= 0`);
    let rec = byStratum.get(s);
    if (!rec) {
      rec = { stratum: s, observed: 0, population: 0, rate: NaN, areas: 0 };
      byStratum.set(s, rec);
    }
    rec.observed += o;
    rec.population += p;
    rec.areas++;
    oSum += o;
    pSum += p;
  }
  for (const rec of byStratum.values()) rec.rate = rec.population > 0 ? rec.observed / rec.population : NaN;
  const expected = new Float64Array(n).fill(NaN);
  const ratio = new Float64Array(n).fill(NaN);
  const difference = new Float64Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    const rec = byStratum.get(stratum[i]);
    if (!rec) continue;
    const e = population[i] * rec.rate;
    expected[i] = e;
    difference[i] = observed[i] - e;
    ratio[i] = e > 0 ? observed[i] / e : NaN;
  }
  const strata = [...byStratum.values()].sort((a, b) => a.stratum - b.stratum);
  return { expected, ratio, difference, strata, overallRate: pSum > 0 ? oSum / pSum : NaN };
}
