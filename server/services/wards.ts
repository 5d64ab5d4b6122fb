import type { Store } from '../db/openStore';
import { comparisonLabel, comparisonWindow, type Baseline } from '../../geo/comparisonWindow';
import { mannKendall } from '../../geo/mannKendall';
import { empiricalBayesRates } from '../../geo/empiricalBayes';
import { indirectStandardisation } from '../../geo/indirectStandardisation';
import { byWard, byWardMonth } from './aggregate';
import type { IncidentCube } from './cube';
import { usedWindow, withWindow, type Selection } from './selection';
import { currentAreas } from './areas';
import { round, selectionParameters } from './hexes';
import { wardContext } from './wardContext';
import { DATA_CAVEATS } from './caveats';
import { weightingWarnings } from './weightingWarnings';

export interface WardFigures {
  code: string;
  name: string;
  count: number;
  harm: number;
  population: number | null;
  months: number;
  rate: number | null;
  ebRate: number | null;
  /** The baseline's count (an average for `average3`); null when its months are not all held. */
  previousCount: number | null;
  previousHarm: number | null;
  change: number | null;
  changePct: number | null;
  trend: { s: number; z: number; p: number; tau: number; direction: 'up' | 'down' | 'none' };
  monthly: number[];
  imdScore: number | null;
  imdRank: number | null;
  imdDecile: number | null;
  iod2025Decile: number | null;
  idaci2025: number | null;
  children: number | null;
  childrenLowIncome: number | null;
  childPovertyRate: number | null;
  expectedHarm: number | null;
  observedExpected: number | null;
}

const per1000 = (x: number) => round(x * 1000, 3);

export interface WardOptions {
  /** What the period is compared with; the previous period of equal length by default. */
  baseline?: Baseline;
}

/**
 * Ward figures for a selection: counts, harm, rates per 1,000 residents per month (raw and
 * empirical-Bayes smoothed), change against the previous window of equal length (or the average
 * of the three before) under the window rule of geo/comparisonWindow, a Mann-Kendall
 * trend over the months, deprivation and child-poverty context, and harm observed against that
 * expected from the ward's IMD decile (indirect standardisation over wards).
 */
export function wardFigures(db: Store, cube: IncidentCube, sel: Selection, opts: WardOptions = {}) {
  const wards = currentAreas(db, 'ward', sel.area);
  const context = wardContext(db);
  const now = byWard(cube, sel);
  const used = usedWindow(cube, sel);
  const comparison = comparisonWindow(used, cube.months, opts.baseline ?? 'previous');
  // The periods of an average3 baseline are contiguous, so one tally over them divided by 3 is their mean.
  const prev = comparison.window ? byWard(cube, withWindow(cube, { ...sel, ...comparison.window })) : null;
  const perPeriod = (x: number) => round(x / comparison.periods);
  const monthly = byWardMonth(cube, sel);
  const months = monthly.months;
  const wardIndex = new Map(cube.wards.map((code, i) => [code, i]));
  const counts = new Float64Array(wards.length);
  const harms = new Float64Array(wards.length);
  const exposure = new Float64Array(wards.length);
  const strata = new Float64Array(wards.length);
  wards.forEach((w, i) => {
    const c = wardIndex.get(w.code);
    counts[i] = c === undefined ? 0 : now.count[c];
    harms[i] = c === undefined ? 0 : now.harm[c];
    exposure[i] = (context.get(w.code)?.population ?? 0) * Math.max(months, 1);
    strata[i] = context.get(w.code)?.imdDecile ?? NaN;
  });
  const eb = empiricalBayesRates(counts, exposure);
  const standardised = indirectStandardisation(harms, exposure, strata);
  const features = wards.map((w, i) => {
    const c = wardIndex.get(w.code);
    const ctx = context.get(w.code);
    const series = Array.from({ length: months }, (_, m) => (c === undefined ? 0 : monthly.count[c * months + m]));
    const mk = months >= 3 ? mannKendall(series) : { s: 0, z: 0, p: 1, tau: 0 };
    const previousCount = prev ? perPeriod(c === undefined ? 0 : prev.count[c]) : null;
    const population = ctx?.population ?? null;
    const figures: WardFigures = {
      code: w.code,
      name: w.name,
      count: counts[i],
      harm: round(harms[i]),
      population,
      months,
      rate: population ? per1000(counts[i] / population / Math.max(months, 1)) : null,
      ebRate: Number.isFinite(eb.rates[i]) ? per1000(eb.rates[i]) : null,
      previousCount,
      previousHarm: prev ? perPeriod(c === undefined ? 0 : prev.harm[c]) : null,
      change: previousCount === null ? null : round(counts[i] - previousCount),
      changePct: previousCount !== null && previousCount > 0 ? round(((counts[i] - previousCount) / previousCount) * 100, 1) : null,
      trend: {
        s: mk.s,
        z: round(mk.z, 4),
        p: round(mk.p, 6),
        tau: round(mk.tau, 4),
        direction: mk.p < 0.05 ? (mk.s > 0 ? 'up' : 'down') : 'none',
      },
      monthly: series,
      imdScore: ctx?.imdScore ?? null,
      imdRank: ctx?.imdRank ?? null,
      imdDecile: ctx?.imdDecile ?? null,
      iod2025Decile: ctx?.iod2025Decile ?? null,
      idaci2025: ctx?.idaci2025 ?? null,
      children: ctx?.children ?? null,
      childrenLowIncome: ctx?.childrenLowIncome ?? null,
      childPovertyRate: ctx?.childPovertyRate ?? null,
      expectedHarm: Number.isFinite(standardised.expected[i]) ? round(standardised.expected[i], 2) : null,
      observedExpected: Number.isFinite(standardised.ratio[i]) ? round(standardised.ratio[i], 3) : null,
    };
    return { type: 'Feature' as const, id: w.code, geometry: w.geometry, properties: figures };
  });
  return {
    type: 'FeatureCollection' as const,
    features,
    metadata: {
      ...selectionParameters(sel),
      warnings: weightingWarnings(sel, cube),
      requested: { from: sel.from, to: sel.to },
      used,
      clipped: !used || used.from !== sel.from || used.to !== sel.to,
      dataHeld: cube.months.length ? { from: cube.months[0], to: cube.months[cube.months.length - 1] } : null,
      window: windowText(sel, used),
      baseline: comparison.baseline,
      comparison: comparisonLabel(comparison),
      previous: comparison.window,
      previousFrom: comparison.window?.from ?? null,
      previousTo: comparison.window?.to ?? null,
      months,
      wardSet: 'current wards (May 2023 pattern)',
      population: 'ONS mid-2022 population by current ward (LSOA 2021 best fit)',
      rate: 'incidents per 1,000 residents per month',
      ebRate: 'global empirical-Bayes smoothed rate (Marshall 1991), per 1,000 residents per month',
      trend: 'Mann-Kendall test on monthly counts in the window (two-sided, alpha 0.05)',
      deprivation:
        'IMD 2019: population-weighted average LSOA 2011 rank allocated to wards by area x population, decile of that rank among 32,844 LSOAs',
      expected: 'indirect standardisation: expected harm = ward population x months x the harm rate of wards in the same IMD 2019 decile',
      caveats: DATA_CAVEATS,
    },
  };
}

/** The period in words, saying when it was clipped to the data held (shown on method cards). */
function windowText(sel: Selection, used: { from: string; to: string } | null): string {
  if (!used) return `${sel.from} to ${sel.to}: no month of it is held`;
  if (used.from === sel.from && used.to === sel.to) return `${used.from} to ${used.to}`;
  return `${used.from} to ${used.to} (asked for ${sel.from} to ${sel.to}; the data held cover only these months)`;
}
