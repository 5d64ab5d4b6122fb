import { cellArea } from 'h3-js';
import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { addMonths } from '../../geo/month';
import { backtestHotspots, type BacktestCell } from '../../geo/backtest';
import type { IncidentCube } from './cube';
import { withWindow, type Selection } from './selection';
import { hotspots, studyValues } from './hotspots';
import { round, selectionParameters } from './hexes';

const r = (x: number | null, d = 4) => (x === null ? null : round(x, d));

interface Accuracy {
  coverage: number;
  flaggedCells: number;
  hitRate: number | null;
  pai: number | null;
  pei: number | null;
}

export interface BacktestMonth {
  month: string;
  total: number;
  hitRate: number | null;
  pai: number | null;
  pei: number | null;
  baseline: { hitRate: number | null; pai: number | null; pei: number | null };
  coverages: Accuracy[];
  baselineCoverages: Accuracy[];
}

/**
 * How well hot spots from the preceding window predict each month (methods.md §9): hit rate, PAI
 * and PEI at each coverage, beside the baseline of last month's raw counts.
 */
export function backtest(
  db: Store,
  cube: IncidentCube,
  res: H3Resolution,
  sel: Selection,
  opts: { window: number; coverages: number[]; k: number },
) {
  const months = cube.months.filter((m) => m >= sel.from && m <= sel.to);
  const areaCache = new Map<string, number>();
  const area = (h3: string) => {
    let a = areaCache.get(h3);
    if (a === undefined) areaCache.set(h3, (a = cellArea(h3, 'km2')));
    return a;
  };
  const rows: BacktestMonth[] = [];
  for (const month of months) {
    const trainFrom = addMonths(month, -opts.window);
    const trainTo = addMonths(month, -1);
    if (trainFrom < cube.months[0]) continue;
    const train = withWindow(cube, { ...sel, from: trainFrom, to: trainTo });
    const last = withWindow(cube, { ...sel, from: trainTo, to: trainTo });
    const target = withWindow(cube, { ...sel, from: month, to: month });
    // Cells are ranked by z alone, which every inference mode shares: the fast one suffices, and
    // its alpha (p-values and bins) plays no part in which cells are flagged.
    const gi = hotspots(db, cube, res, train, { k: opts.k, alpha: 0.05, inference: 'normal', permutations: 0, seed: 0 });
    const observed = studyValues(db, cube, res, target).value;
    const baselineScores = studyValues(db, cube, res, last).value;
    const cells: BacktestCell[] = gi.cells.map((c, i) => ({ id: c.h3, predicted: c.z, observed: observed[i], area: area(c.h3) }));
    const base: BacktestCell[] = gi.cells.map((c, i) => ({
      id: c.h3,
      predicted: baselineScores[i],
      observed: observed[i],
      area: area(c.h3),
    }));
    const ours = backtestHotspots(cells, { coverages: opts.coverages });
    const baseline = backtestHotspots(base, { coverages: opts.coverages });
    const pick = (out: ReturnType<typeof backtestHotspots>): Accuracy[] =>
      out.results.map((x) => ({
        coverage: x.coverage,
        flaggedCells: x.flaggedCells,
        hitRate: r(x.hitRate),
        pai: r(x.pai, 3),
        pei: r(x.pei),
      }));
    const oursAt = pick(ours);
    const baseAt = pick(baseline);
    // The first coverage is the one asked for; the others ride along for the table.
    const headline = oursAt[0];
    rows.push({
      month,
      total: ours.totalObserved,
      hitRate: headline.hitRate,
      pai: headline.pai,
      pei: headline.pei,
      baseline: { hitRate: baseAt[0].hitRate, pai: baseAt[0].pai, pei: baseAt[0].pei },
      coverages: oursAt,
      baselineCoverages: baseAt,
    });
  }
  const mean = (f: (x: BacktestMonth) => number | null) => {
    const v = rows.map(f).filter((x): x is number => x !== null);
    return v.length ? round(v.reduce((a, b) => a + b, 0) / v.length, 4) : null;
  };
  return {
    res,
    coverage: opts.coverages[0],
    window: opts.window,
    months: rows,
    summary: {
      months: rows.length,
      hitRate: mean((x) => x.hitRate),
      pai: mean((x) => x.pai),
      pei: mean((x) => x.pei),
      baseline: { hitRate: mean((x) => x.baseline.hitRate), pai: mean((x) => x.baseline.pai), pei: mean((x) => x.baseline.pei) },
    },
    method: {
      prediction: `cells ranked by Gi* z over the ${opts.window} months before each month (k ${opts.k}); the top cells until their area reaches the coverage share of the study area are flagged`,
      baseline: "cells ranked by last month's raw value (harm under the chosen weight)",
      hitRate: "n / N: share of the month's harm in flagged cells",
      pai: 'PAI = (n / N) / (a / A) (Chainey, Tompson & Uhlig 2008)',
      pei: "PEI = PAI / PAI_max, PAI_max from flagging the same area perfectly (the month's top cells)",
      ...selectionParameters(sel),
      coverages: opts.coverages,
    },
  };
}
