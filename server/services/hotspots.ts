import type { Store } from '../db/openStore';
import type { H3Resolution } from '../../geo/h3Bin';
import { h3Neighbours, type Neighbours } from '../../geo/neighbours';
import {
  DEFAULT_INFERENCE,
  hotspotInference,
  type InferenceMode,
  type InferenceOptions,
  type InferenceResult,
} from '../../geo/hotspotInference';
import { runInference } from '../workers/inferencePool';
import { attainableBins, binRuleSentence } from '../../geo/binsForAlpha';
import { weightingWarnings } from './weightingWarnings';
import { describeInference } from '../../geo/inferenceDescription';
import { confidenceBinsFdr } from '../../geo/confidenceBin';
import { byCell } from './aggregate';
import type { IncidentCube } from './cube';
import type { Selection } from './selection';
import { studyArea } from './studyArea';
import { studyCellWards } from './cellWards';
import { round, selectionParameters } from './hexes';
import { DATA_CAVEATS, HOTSPOT_CAVEATS } from './caveats';

export interface HotspotOptions {
  k: number;
  alpha: number;
  /** Inference mode; default randomisation (see geo/hotspotInference.ts). */
  inference?: InferenceMode;
  /** Draws or permutations; 0: automatic (randomisation) or 999 (conditional). */
  permutations: number;
  seed: number;
}

export interface HotspotCell {
  h3: string;
  /** Current ward holding the cell centre (null for a border cell centred outside every ward). */
  ward: string | null;
  value: number;
  count: number;
  z: number;
  p: number;
  pSim?: number;
  pFdr: number;
  bin: number;
}

export interface HotspotResult {
  res: number;
  cells: HotspotCell[];
  method: Record<string, unknown> & { caveats: readonly string[] };
}

const neighbourCache = new WeakMap<readonly string[], Map<number, Neighbours>>();

/** gridDisk(k) neighbours of the study area, cached with the study area's cell list. */
export function studyNeighbours(cells: readonly string[], k: number): Neighbours {
  let byK = neighbourCache.get(cells);
  if (!byK) neighbourCache.set(cells, (byK = new Map()));
  let nb = byK.get(k);
  if (!nb) byK.set(k, (nb = h3Neighbours(cells as string[], k)));
  return nb;
}

/** Harm (or count) and count per study-area cell, in study-area order. */
export function studyValues(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection) {
  const cells = studyArea(db, res, sel.area);
  const t = byCell(cube, res, sel);
  const index = cube.cells[res].index;
  const value = new Float64Array(cells.length);
  const count = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) {
    const c = index.get(cells[i]);
    if (c === undefined) continue;
    value[i] = t.harm[c];
    count[i] = t.count[c];
  }
  return { cells, value, count };
}

/**
 * Getis-Ord Gi* over every study-area cell, with Benjamini-Hochberg FDR and ArcGIS confidence bins,
 * tested by the chosen inference mode (two-sided p in every mode), on the request thread.
 */
export function hotspots(db: Store, cube: IncidentCube, res: H3Resolution, sel: Selection, opts: HotspotOptions): HotspotResult {
  const study = studyValues(db, cube, res, sel);
  const neighbours = studyNeighbours(study.cells, opts.k);
  const stat = hotspotInference(study.value, neighbours, inferenceOptions(opts));
  return hotspotResult(res, sel, opts, { ...study, wards: studyCellWards(db, res, sel.area) }, stat, weightingWarnings(sel, cube));
}

/** The same as `hotspots`, with a resampling test run on the worker pool. */
export async function hotspotsAsync(
  db: Store,
  cube: IncidentCube,
  res: H3Resolution,
  sel: Selection,
  opts: HotspotOptions,
): Promise<HotspotResult> {
  const study = studyValues(db, cube, res, sel);
  const neighbours = studyNeighbours(study.cells, opts.k);
  const stat = await runInference(study.value, neighbours, inferenceOptions(opts));
  return hotspotResult(res, sel, opts, { ...study, wards: studyCellWards(db, res, sel.area) }, stat, weightingWarnings(sel, cube));
}

function inferenceOptions(opts: HotspotOptions): InferenceOptions {
  return { mode: opts.inference ?? DEFAULT_INFERENCE, alpha: opts.alpha, draws: opts.permutations, seed: opts.seed };
}

function hotspotResult(
  res: H3Resolution,
  sel: Selection,
  opts: HotspotOptions,
  study: ReturnType<typeof studyValues> & { wards: readonly (string | null)[] },
  stat: InferenceResult,
  warnings: string[],
): HotspotResult {
  const { cells, wards, value, count } = study;
  const pSim = stat.pSim;
  const { bins, pFdr } = confidenceBinsFdr(stat.z, stat.p, opts.alpha);
  let sum = 0;
  let sumSq = 0;
  for (const v of value) {
    sum += v;
    sumSq += v * v;
  }
  const n = cells.length;
  const mean = n ? sum / n : 0;
  const out: HotspotCell[] = new Array(n);
  let hot = 0;
  let cold = 0;
  for (let i = 0; i < n; i++) {
    if (bins[i] > 0) hot++;
    else if (bins[i] < 0) cold++;
    out[i] = {
      h3: cells[i],
      ward: wards[i],
      value: round(value[i]),
      count: count[i],
      z: round(stat.z[i], 6),
      p: round(stat.p[i], 8),
      ...(pSim ? { pSim: round(pSim[i], 6) } : {}),
      pFdr: round(pFdr[i], 8),
      bin: bins[i],
    };
  }
  return {
    res,
    cells: out,
    method: {
      statistic: 'Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995)',
      neighbours: `H3 gridDisk(k=${opts.k}), binary weights, self included`,
      ...describeInference(stat, cells.length, opts.alpha),
      multipleTesting: `Benjamini-Hochberg FDR at alpha ${opts.alpha}`,
      bins: binRuleSentence(opts.alpha),
      attainableBins: attainableBins(opts.alpha),
      res,
      k: opts.k,
      alpha: opts.alpha,
      seed: opts.seed,
      ...selectionParameters(sel),
      weightUnit: sel.scheme.unit,
      n,
      mean: round(mean, 6),
      sd: round(Math.sqrt(Math.max(0, sumSq / Math.max(n, 1) - mean * mean)), 6),
      total: round(sum),
      hotCells: hot,
      coldCells: cold,
      warnings,
      caveats: [...HOTSPOT_CAVEATS, ...sel.scheme.caveats, ...DATA_CAVEATS],
    },
  };
}
