import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { DEFAULT_INFERENCE, hotspotInference, type InferenceMode, type InferenceResult } from '../../geo/hotspotInference';
import { describeInference } from '../../geo/inferenceDescription';
import { runInference } from '../workers/inferencePool';
import { confidenceBinsFdr } from '../../geo/confidenceBin';
import { emergingHotspots, EMERGING_PATTERN_LABELS, type EmergingPattern } from '../../geo/emergingHotspots';
import { byCellMonth } from './aggregate';
import type { IncidentCube } from './cube';
import type { Selection } from './selection';
import { studyArea } from './studyArea';
import { studyNeighbours } from './hotspots';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS, HOTSPOT_CAVEATS } from './caveats';

/**
 * Emerging hot spot classes (ArcGIS Pro Emerging Hot Spot Analysis, as R sfdep implements it):
 * one Gi* per month over the study area, FDR-corrected bins per month, and a Mann-Kendall trend
 * on each cell's z-score series. Each month is tested by the same inference as the hot-spot map
 * (calibrated randomisation by default), so a month's significant cells are ones the map would show.
 */
export function trends(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection, opts: TrendOptions) {
  const { cells, monthValues, neighbours } = monthlyMaps(db, cube, res, sel, opts);
  return trendResult(
    res,
    sel,
    opts,
    cells,
    monthValues.map((values, t) => hotspotInference(values, neighbours, stepOptions(opts, t))),
  );
}

/** The same as `trends`, with each month's test run on the worker pool. */
export async function trendsAsync(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection, opts: TrendOptions) {
  const { cells, monthValues, neighbours } = monthlyMaps(db, cube, res, sel, opts);
  const steps = await Promise.all(monthValues.map((values, t) => runInference(values, neighbours, stepOptions(opts, t))));
  return trendResult(res, sel, opts, cells, steps);
}

export interface TrendOptions {
  k: number;
  alpha: number;
  inference?: InferenceMode;
  seed?: number;
}

function stepOptions(opts: TrendOptions, t: number) {
  return { mode: opts.inference ?? DEFAULT_INFERENCE, alpha: opts.alpha, seed: (opts.seed ?? 12345) + t };
}

function monthlyMaps(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection, opts: TrendOptions) {
  const cells = studyArea(db, res, sel.area);
  const neighbours = studyNeighbours(cells, opts.k);
  const series = byCellMonth(cube, res, sel);
  const index = cube.cells[res].index;
  const cubeIdx = cells.map((c) => index.get(c) ?? -1);
  const width = cube.cells[res].ids.length;
  const monthly = Array.from({ length: series.months }, (_, t) => {
    const values = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) if (cubeIdx[i] >= 0) values[i] = series.harm[t * width + cubeIdx[i]];
    return values;
  });
  return { cells, monthValues: monthly, neighbours };
}

function trendResult(res: H3Resolution, sel: Selection, opts: TrendOptions, cells: string[], steps: InferenceResult[]) {
  const zByStep = steps.map((s) => s.z);
  const binsByStep = steps.map((s) => confidenceBinsFdr(s.z, s.p, opts.alpha).bins);
  const result = emergingHotspots(zByStep, binsByStep);
  const counts: Partial<Record<EmergingPattern, number>> = {};
  // A window holding no month has no maps; every cell then shows no pattern, not a missing one.
  const none = steps.length === 0;
  const out = cells.map((h3, i) => {
    const pattern: EmergingPattern = none ? 'no-pattern' : result.patterns[i];
    counts[pattern] = (counts[pattern] ?? 0) + 1;
    return {
      h3,
      class: pattern,
      label: EMERGING_PATTERN_LABELS[pattern],
      hotMonths: none ? 0 : result.hotSteps[i],
      coldMonths: none ? 0 : result.coldSteps[i],
      trend: none ? { tau: 0, z: 0, p: 1 } : { tau: round(result.tau[i], 4), z: round(result.trendZ[i], 4), p: round(result.trendP[i], 6) },
    };
  });
  return {
    res,
    months: steps.length,
    cells: out,
    counts,
    labels: EMERGING_PATTERN_LABELS,
    method: {
      statistic: 'Emerging Hot Spot Analysis (ArcGIS Pro; R sfdep::emerging_hotspot_analysis)',
      steps: `${steps.length} monthly Gi* maps (k ${opts.k}, BH FDR at alpha ${opts.alpha}) over ${cells.length} study-area cells`,
      trend: "Mann-Kendall on each cell's monthly Gi* z-scores (alpha 0.05)",
      ...(steps.length ? describeInference(steps[0], cells.length, opts.alpha) : {}),
      ...selectionParameters(sel),
      caveats: [
        'Monthly counts per cell are small; a month-level Gi* has little power, so most cells show no pattern. Use wider windows or coarser cells for a steadier picture.',
        ...HOTSPOT_CAVEATS,
        ...DATA_CAVEATS,
      ],
    },
  };
}
