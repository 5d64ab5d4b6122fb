/**
 * Areal interpolation: move values published for source areas (LSOA IMD scores, mid-year
 * populations) onto target zones that do not nest them (current wards, H3 cells), as
 * methods.md §7 requires ("allocate by area or population weights and state which").
 *
 * Method: areal weighting (Goodchild & Lam 1980, "Areal interpolation: a variant of the
 * traditional spatial problem", Geo-Processing 1:297-312), assuming each value is spread
 * uniformly over its source polygon. With A_st = area(source s ∩ target t) and
 * w_st = A_st / area(s), the fraction of the source inside the target:
 * - extensive variables (counts: residents, children in low-income families) are split:
 *   sum_t = Σ_s v_s w_st, so a source's total is preserved when targets cover it;
 * - intensive variables (scores, rates: IMD score, IDACI) are averaged:
 *   area-weighted mean_t = Σ_s v_s A_st / Σ_s A_st, over the part of t that sources cover;
 *   population-weighted mean_t = Σ_s v_s P_s w_st / Σ_s P_s w_st, where P_s is the source's
 *   population, itself apportioned by area (the only split known without a finer layer).
 *   Population weighting is the usual choice for deprivation scores: a score describes people,
 *   and a mostly empty park LSOA should not dominate a ward mean.
 * With population apportioned by area, an extensive sum is the same under both schemes, so
 * only one sum is returned.
 *
 * Areas are geodesic m² from @turf/area (spherical, R = 6,371,008.8 m); intersections from
 * @turf/intersect (polyclip-ts). Pairs are prefiltered by bounding box. Intersections with
 * no area (shared edges) contribute nothing.
 *
 * `allocateToH3` is a fast approximation: a source claims the H3 cells whose centres fall
 * inside it (h3-js polygonToCells, centre containment), not the area it shares with each cell.
 */
import { area as turfArea } from '@turf/area';
import { bbox as turfBbox } from '@turf/bbox';
import { featureCollection } from '@turf/helpers';
import { intersect } from '@turf/intersect';
import { pointOnFeature } from '@turf/point-on-feature';
import { latLngToCell, polygonToCells } from 'h3-js';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export type AreaFeature = Feature<Polygon | MultiPolygon>;

export interface OverlapEntry {
  source: number;
  target: number;
  /** area(source ∩ target) in m². */
  overlapM2: number;
  /** overlapM2 / area(source): the source -> target weight w_st. */
  sourceFraction: number;
  /** overlapM2 / area(target). */
  targetFraction: number;
}

export interface OverlapMatrix {
  sourceAreasM2: number[];
  targetAreasM2: number[];
  /** Sparse weights matrix: only pairs with positive overlap, sorted by target then source. */
  entries: OverlapEntry[];
}

export interface AllocationOptions {
  /** Population per source (same order as sources); enables population-weighted means. */
  population?: readonly number[];
}

export interface TargetAllocation {
  target: number;
  /** The target Feature's `id`, if any. */
  id: string | number | null;
  areaM2: number;
  /** Target area covered by sources, m². */
  coveredM2: number;
  /** coveredM2 / areaM2: below 1 when the target extends past the sources (e.g. over the boundary). */
  coverage: number;
  /** Area-weighted mean of the source values (intensive), or null when no source overlaps. */
  areaMean: number | null;
  /** Σ v_s w_st (extensive). */
  sum: number;
  /** Population-weighted mean (intensive), null without population or overlap. */
  populationMean: number | null;
  /** Population apportioned by area, null without population. */
  population: number | null;
}

export interface AreaAllocationResult {
  targets: TargetAllocation[];
  /** Sparse source -> target weights; absent pairs are 0. */
  weights: OverlapEntry[];
  sourceAreasM2: number[];
  /** Sources overlapping no target: their extensive values are lost from every sum. */
  unallocatedSources: number[];
  method: { weighting: string; extensive: string; intensive: string; sources: string[] };
}

type BBox = [number, number, number, number];

function bbox2d(f: AreaFeature): BBox {
  const b = turfBbox(f);
  return b.length === 6 ? [b[0], b[1], b[3], b[4]] : [b[0], b[1], b[2], b[3]];
}

const boxesOverlap = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

function checkFeatures(features: readonly AreaFeature[], what: string): void {
  features.forEach((f, i) => {
    const type = f?.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon')
      throw new Error(`areaAllocation: ${what} ${i} is not a Polygon or MultiPolygon Feature`);
  });
}

/** Intersection areas of every overlapping source/target pair (the expensive step; reuse it across variables). */
export function overlapWeights(sources: readonly AreaFeature[], targets: readonly AreaFeature[]): OverlapMatrix {
  checkFeatures(sources, 'source');
  checkFeatures(targets, 'target');
  const sourceAreasM2 = sources.map((f) => turfArea(f));
  const targetAreasM2 = targets.map((f) => turfArea(f));
  const sourceBoxes = sources.map(bbox2d);
  const targetBoxes = targets.map(bbox2d);
  const entries: OverlapEntry[] = [];
  targets.forEach((t, ti) => {
    sources.forEach((s, si) => {
      if (!boxesOverlap(sourceBoxes[si], targetBoxes[ti])) return;
      let piece: Feature<Polygon | MultiPolygon> | null;
      try {
        piece = intersect(featureCollection([s, t]));
      } catch (e) {
        throw new Error(`areaAllocation: intersecting source ${si} with target ${ti} failed: ${(e as Error).message}`);
      }
      if (!piece) return;
      const overlapM2 = turfArea(piece);
      if (!(overlapM2 > 0)) return;
      entries.push({
        source: si,
        target: ti,
        overlapM2,
        sourceFraction: sourceAreasM2[si] > 0 ? overlapM2 / sourceAreasM2[si] : 0,
        targetFraction: targetAreasM2[ti] > 0 ? overlapM2 / targetAreasM2[ti] : 0,
      });
    });
  });
  return { sourceAreasM2, targetAreasM2, entries };
}

function checkValues(values: readonly number[], n: number, what: string): void {
  if (values.length !== n) throw new Error(`areaAllocation: ${what} has ${values.length} entries for ${n} sources`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`areaAllocation: ${what}[${i}] is not a finite number`);
  });
}

/** Apply precomputed overlap weights to one variable. `ids` labels the targets (e.g. ward codes). */
export function allocateWithOverlap(
  overlap: OverlapMatrix,
  values: readonly number[],
  options: AllocationOptions & { ids?: ReadonlyArray<string | number | null | undefined> } = {},
): TargetAllocation[] {
  const nSources = overlap.sourceAreasM2.length;
  checkValues(values, nSources, 'values');
  const pop = options.population;
  if (pop) {
    checkValues(pop, nSources, 'population');
    if (pop.some((p) => p < 0)) throw new Error('areaAllocation: population must be >= 0');
  }
  const acc = overlap.targetAreasM2.map(() => ({ covered: 0, areaNum: 0, sum: 0, popNum: 0, popDen: 0 }));
  for (const e of overlap.entries) {
    const a = acc[e.target];
    const v = values[e.source];
    a.covered += e.overlapM2;
    a.areaNum += v * e.overlapM2;
    a.sum += v * e.sourceFraction;
    if (pop) {
      const share = pop[e.source] * e.sourceFraction;
      a.popNum += v * share;
      a.popDen += share;
    }
  }
  return acc.map((a, t) => ({
    target: t,
    id: options.ids?.[t] ?? null,
    areaM2: overlap.targetAreasM2[t],
    coveredM2: a.covered,
    coverage: overlap.targetAreasM2[t] > 0 ? a.covered / overlap.targetAreasM2[t] : 0,
    areaMean: a.covered > 0 ? a.areaNum / a.covered : null,
    sum: a.sum,
    populationMean: pop && a.popDen > 0 ? a.popNum / a.popDen : null,
    population: pop ? a.popDen : null,
  }));
}

/**
 * Allocate one source variable to target zones by area weights (and population weights
 * when `population` is given). Returns both the intensive means and the extensive sum;
 * the caller picks the one that fits the variable and states it.
 */
export function allocateAreaValues(
  sources: readonly AreaFeature[],
  targets: readonly AreaFeature[],
  values: readonly number[],
  options: AllocationOptions = {},
): AreaAllocationResult {
  const overlap = overlapWeights(sources, targets);
  const ids = targets.map((t) => t.id ?? null);
  const touched = new Set(overlap.entries.map((e) => e.source));
  return {
    targets: allocateWithOverlap(overlap, values, { ...options, ids }),
    weights: overlap.entries,
    sourceAreasM2: overlap.sourceAreasM2,
    unallocatedSources: sources.map((_, i) => i).filter((i) => !touched.has(i)),
    method: {
      weighting: options.population ? 'area and population (population apportioned by area)' : 'area',
      extensive: 'sum over sources of value x (overlap area / source area)',
      intensive: options.population
        ? 'mean weighted by overlap area; and mean weighted by source population x (overlap area / source area)'
        : 'mean weighted by overlap area',
      sources: ['Goodchild & Lam (1980) areal interpolation, Geo-Processing 1:297-312'],
    },
  };
}

export interface H3Allocation {
  h3: string;
  /** Sources claiming the cell, ascending. */
  sources: number[];
  /** Weighted mean of claiming sources' values, weight = source area / cells claimed (intensive). */
  areaMean: number;
  /** Σ v_s / (cells claimed by s) (extensive). */
  sum: number;
  /** As areaMean with weight = source population / cells claimed; null without population. */
  populationMean: number | null;
}

export interface H3AllocationResult {
  cells: H3Allocation[];
  /** Sources containing no cell centre, assigned whole to the cell under an interior point. */
  fallbackSources: number[];
  method: { weighting: string; note: string };
}

function polygonsOf(f: AreaFeature): number[][][][] {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

/**
 * Centre-based allocation to H3 cells at `res`: each source claims the cells whose centres
 * lie inside it and splits its extensive value equally among them. A source too small to
 * contain any centre is given to the cell under one of its interior points (turf
 * pointOnFeature), so no value is dropped. Output sorted by h3.
 */
export function allocateToH3(
  sources: readonly AreaFeature[],
  values: readonly number[],
  res: number,
  options: AllocationOptions = {},
): H3AllocationResult {
  checkFeatures(sources, 'source');
  checkValues(values, sources.length, 'values');
  const pop = options.population;
  if (pop) checkValues(pop, sources.length, 'population');
  if (!Number.isInteger(res) || res < 0 || res > 15) throw new Error('allocateToH3: res must be an integer 0-15');

  const acc = new Map<string, { sources: number[]; wNum: number; wDen: number; sum: number; pNum: number; pDen: number; plain: number }>();
  const fallbackSources: number[] = [];
  sources.forEach((s, si) => {
    const claimed = new Set<string>();
    for (const polygon of polygonsOf(s)) for (const h of polygonToCells(polygon, res, true)) claimed.add(h);
    if (claimed.size === 0) {
      const [lng, lat] = pointOnFeature(s).geometry.coordinates;
      claimed.add(latLngToCell(lat, lng, res));
      fallbackSources.push(si);
    }
    const n = claimed.size;
    const areaWeight = turfArea(s) / n;
    const popWeight = pop ? pop[si] / n : 0;
    for (const h of claimed) {
      let a = acc.get(h);
      if (!a) {
        a = { sources: [], wNum: 0, wDen: 0, sum: 0, pNum: 0, pDen: 0, plain: 0 };
        acc.set(h, a);
      }
      a.sources.push(si);
      a.wNum += values[si] * areaWeight;
      a.wDen += areaWeight;
      a.sum += values[si] / n;
      a.pNum += values[si] * popWeight;
      a.pDen += popWeight;
      a.plain += values[si];
    }
  });

  const cells = [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([h3, a]) => ({
      h3,
      sources: a.sources,
      // Degenerate (zero-area) sources carry no area weight: fall back to a plain mean.
      areaMean: a.wDen > 0 ? a.wNum / a.wDen : a.plain / a.sources.length,
      sum: a.sum,
      populationMean: pop && a.pDen > 0 ? a.pNum / a.pDen : null,
    }));
  return {
    cells,
    fallbackSources,
    method: {
      weighting: 'centre-based: a cell takes the source(s) containing its centre',
      note: "Extensive values are split equally among a source's cells; cells straddling a boundary go wholly to the source holding their centre. Use allocateAreaValues for exact area weights.",
    },
  };
}
