import type { Store } from '../db/openStore';
import { allocateWithOverlap } from '../../geo/areaAllocation';
import { areaValues, currentAreas, type AreaKind } from './areas';
import { areaOverlap } from './areaOverlaps';

export interface WardContext {
  population: number | null;
  children: number | null;
  imdScore: number | null;
  imdRank: number | null;
  imdDecile: number | null;
  iod2025Decile: number | null;
  idaci2025: number | null;
  childrenLowIncome: number | null;
  childPovertyRate: number | null;
}

/** LSOAs in England: 32,844 (2011) and 33,755 (2021); deciles are tenths of these ranks. */
export const LSOA_COUNT = { lsoa11: 32844, lsoa21: 33755 } as const;

export function decileOfRank(rank: number, of: number): number {
  return Math.min(10, Math.floor(((rank - 1) * 10) / of) + 1);
}

const cache = new WeakMap<Store, { key: string; value: Map<string, WardContext> }>();

function contextKey(db: Store): string {
  const row = db
    .prepare(`SELECT group_concat(dataset || sha256) AS k FROM (SELECT dataset, sha256 FROM datasets ORDER BY dataset)`)
    .get() as { k: string | null };
  const sets = db.prepare(`SELECT group_concat(id || ':' || is_current) AS k FROM boundary_sets`).get() as { k: string | null };
  return `${row.k}|${sets.k}`;
}

/**
 * Allocates an LSOA-level intensive measure to wards, weighting each LSOA by its population
 * apportioned by the share of its area inside the ward.
 */
export function populationWeighted(
  db: Store,
  kind: AreaKind,
  dataset: string,
  measure: string,
  popDataset: string,
  popMeasure: string,
): Map<string, number> {
  const overlap = areaOverlap(db, kind, 'ward');
  const result = new Map<string, number>();
  if (!overlap) return result;
  const values = areaValues(db, dataset, measure);
  const pops = areaValues(db, popDataset, popMeasure);
  // A source without the measure or a population weighs nothing (0 population) in the mean.
  const v = overlap.sources.map((s) => values.get(s.code) ?? 0);
  const p = overlap.sources.map((s) => (values.has(s.code) ? (pops.get(s.code) ?? 0) : 0));
  allocateWithOverlap(overlap.matrix, v, { population: p }).forEach((t, i) => {
    if (t.populationMean !== null) result.set(overlap.targets[i].code, t.populationMean);
  });
  return result;
}

/**
 * DWP children in relative low income (MSOA 2011 counts, FYE 2022) by current ward, allocated
 * dasymetrically: each MSOA's count is split over the LSOA 2021 parts inside it in proportion to
 * their children aged 0-15 (mid-2022), then each LSOA's share goes to wards by area. Splitting
 * by area alone would hand children to parks and industrial estates.
 */
export function childrenLowIncomeByWard(db: Store, measure = 'fye2022'): Map<string, number> {
  const out = new Map<string, number>();
  const cilif = areaValues(db, 'cilif-relative', measure);
  const kids = areaValues(db, 'population-mid2022', 'age_0_15');
  const toMsoa = areaOverlap(db, 'lsoa21', 'msoa11');
  const toWard = areaOverlap(db, 'lsoa21', 'ward');
  if (!toMsoa || !toWard || !cilif.size) return out;
  const weightOfMsoa = new Map<number, number>();
  for (const e of toMsoa.matrix.entries) {
    const w = (kids.get(toMsoa.sources[e.source].code) ?? 0) * e.sourceFraction;
    weightOfMsoa.set(e.target, (weightOfMsoa.get(e.target) ?? 0) + w);
  }
  const lsoaCount = new Map<string, number>();
  for (const e of toMsoa.matrix.entries) {
    const total = weightOfMsoa.get(e.target) ?? 0;
    if (!(total > 0)) continue;
    const lsoa = toMsoa.sources[e.source].code;
    const share = ((kids.get(lsoa) ?? 0) * e.sourceFraction) / total;
    lsoaCount.set(lsoa, (lsoaCount.get(lsoa) ?? 0) + share * (cilif.get(toMsoa.targets[e.target].code) ?? 0));
  }
  for (const e of toWard.matrix.entries) {
    const ward = toWard.targets[e.target].code;
    out.set(ward, (out.get(ward) ?? 0) + (lsoaCount.get(toWard.sources[e.source].code) ?? 0) * e.sourceFraction);
  }
  return out;
}

/**
 * Deprivation and child-poverty context per current ward. Wards do not nest LSOAs or MSOAs, so
 * LSOA measures are allocated by area x population weights and MSOA counts by children.
 */
export function wardContext(db: Store): Map<string, WardContext> {
  const key = contextKey(db);
  const hit = cache.get(db);
  if (hit && hit.key === key) return hit.value;
  const wards = currentAreas(db, 'ward');
  const population = areaValues(db, 'population-mid2022-ward', 'total');
  const children = areaValues(db, 'population-mid2022-ward', 'age_0_15');
  const imdRank = populationWeighted(db, 'lsoa11', 'imd2019', 'imd_rank', 'imd2019', 'pop_total_mid2015');
  const imdScore = populationWeighted(db, 'lsoa11', 'imd2019', 'imd_score', 'imd2019', 'pop_total_mid2015');
  const iodRank = populationWeighted(db, 'lsoa21', 'iod2025', 'imd_rank', 'population-mid2022', 'total');
  const idaci = areaValues(db, 'idaci2025-ward', 'idaci_rate');
  // Children in low-income families are a count: split each MSOA by the share of its area in each ward.
  const lowIncome = childrenLowIncomeByWard(db);
  const value = new Map<string, WardContext>();
  for (const w of wards) {
    const rank = imdRank.get(w.code);
    const rank25 = iodRank.get(w.code);
    const kids = children.get(w.code) ?? null;
    const low = lowIncome.get(w.code);
    value.set(w.code, {
      population: population.get(w.code) ?? null,
      children: kids,
      imdScore: imdScore.has(w.code) ? Math.round(imdScore.get(w.code)! * 100) / 100 : null,
      imdRank: rank === undefined ? null : Math.round(rank),
      imdDecile: rank === undefined ? null : decileOfRank(rank, LSOA_COUNT.lsoa11),
      iod2025Decile: rank25 === undefined ? null : decileOfRank(rank25, LSOA_COUNT.lsoa21),
      idaci2025: idaci.get(w.code) ?? null,
      childrenLowIncome: low === undefined ? null : Math.round(low),
      childPovertyRate: low !== undefined && kids ? Math.round((low / kids) * 1000) / 1000 : null,
    });
  }
  cache.set(db, { key, value });
  return value;
}
