import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { giStar } from '../../geo/giStar';
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
 * on each cell's z-score series.
 */
export function trends(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection, opts: { k: number; alpha: number }) {
  const cells = studyArea(db, res);
  const neighbours = studyNeighbours(cells, opts.k);
  const series = byCellMonth(cube, res, sel);
  const index = cube.cells[res].index;
  const cubeIdx = cells.map((c) => index.get(c) ?? -1);
  const width = cube.cells[res].ids.length;
  const zByStep: Float64Array[] = [];
  const binsByStep: Int8Array[] = [];
  for (let t = 0; t < series.months; t++) {
    const values = new Float64Array(cells.length);
    for (let i = 0; i < cells.length; i++) if (cubeIdx[i] >= 0) values[i] = series.harm[t * width + cubeIdx[i]];
    const { z, p } = giStar(values, neighbours);
    zByStep.push(z);
    binsByStep.push(confidenceBinsFdr(z, p, opts.alpha).bins);
  }
  const result = emergingHotspots(zByStep, binsByStep);
  const counts: Partial<Record<EmergingPattern, number>> = {};
  const out = cells.map((h3, i) => {
    const pattern = result.patterns[i];
    counts[pattern] = (counts[pattern] ?? 0) + 1;
    return {
      h3,
      class: pattern,
      label: EMERGING_PATTERN_LABELS[pattern],
      hotMonths: result.hotSteps[i],
      coldMonths: result.coldSteps[i],
      trend: { tau: round(result.tau[i], 4), z: round(result.trendZ[i], 4), p: round(result.trendP[i], 6) },
    };
  });
  return {
    res,
    months: series.months,
    cells: out,
    counts,
    labels: EMERGING_PATTERN_LABELS,
    method: {
      statistic: 'Emerging Hot Spot Analysis (ArcGIS Pro; R sfdep::emerging_hotspot_analysis)',
      steps: `${series.months} monthly Gi* maps (k ${opts.k}, BH FDR at alpha ${opts.alpha}) over ${cells.length} study-area cells`,
      trend: 'Mann-Kendall on each cell\'s monthly Gi* z-scores (alpha 0.05)',
      ...selectionParameters(sel),
      caveats: [
        'Monthly counts per cell are small; a month-level Gi* has little power, so most cells show no pattern. Use wider windows or coarser cells for a steadier picture.',
        ...HOTSPOT_CAVEATS,
        ...DATA_CAVEATS,
      ],
    },
  };
}
