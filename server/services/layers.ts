import type { Store } from '../db/openStore';
import { allocateToH3, allocateWithOverlap } from '../../geo/areaAllocation';
import { areaValues, currentAreas, datasetInfo, type AreaKind } from './areas';
import { asFeatures } from './areaFeatures';
import { areaOverlap } from './areaOverlaps';
import { childrenLowIncomeByWard, decileOfRank, LSOA_COUNT } from './wardContext';

export const DEPRIVATION_MEASURES = ['imd', 'income', 'employment', 'education', 'health', 'crime', 'barriers', 'living', 'idaci'] as const;
export type DeprivationMeasure = (typeof DEPRIVATION_MEASURES)[number];

const EDITIONS = {
  '2019': {
    dataset: 'imd2019',
    kind: 'lsoa11' as AreaKind,
    lsoas: LSOA_COUNT.lsoa11,
    popDataset: 'imd2019',
    popMeasure: 'pop_total_mid2015',
  },
  '2025': {
    dataset: 'iod2025',
    kind: 'lsoa21' as AreaKind,
    lsoas: LSOA_COUNT.lsoa21,
    popDataset: 'population-mid2022',
    popMeasure: 'total',
  },
} as const;

const LABELS: Record<DeprivationMeasure, string> = {
  imd: 'Index of Multiple Deprivation',
  income: 'Income deprivation',
  employment: 'Employment deprivation',
  education: 'Education, skills and training',
  health: 'Health deprivation and disability',
  crime: 'Crime',
  barriers: 'Barriers to housing and services',
  living: 'Living environment',
  idaci: 'Income Deprivation Affecting Children (IDACI)',
};

/** The score column: IoD 2019 publishes only exponentially transformed scores for some domains. */
function scoreMeasure(db: Store, dataset: string, measure: DeprivationMeasure): string {
  for (const m of [`${measure}_score`, `${measure}_score_exp`]) if (areaValues(db, dataset, m).size) return m;
  return `${measure}_score`;
}

/**
 * Which small areas a layer shows: those of the study area (by the local authority each is
 * stamped with on import, or for wards their own list), or every held one when no area is asked for. Throws UnknownAreaError
 * for an area the store holds no ward of, as every other endpoint does.
 */
function areaFilter(db: Store, area: string | undefined): (a: { code: string; lad?: string | null }) => boolean {
  if (area === undefined) return () => true;
  const wards = new Set(currentAreas(db, 'ward', area).map((w) => w.code));
  // A small area whose file named no authority cannot be placed: it is shown rather than lost.
  return (a) => wards.has(a.code) || (a.lad ?? area) === area;
}

/**
 * Deprivation by LSOA (as published), by ward (population-weighted mean rank over LSOA parts),
 * or by H3 cell (each cell takes the LSOA holding its centre). Deciles: 1 = most deprived 10%
 * of LSOAs in England.
 */
export function deprivationLayer(
  db: Store,
  opts: { level: 'lsoa' | 'ward' | 'hex'; measure: DeprivationMeasure; edition: '2019' | '2025'; res: number; area?: string },
) {
  const inArea = areaFilter(db, opts.area);
  const ed = EDITIONS[opts.edition];
  const info = datasetInfo(db, ed.dataset);
  const scoreName = scoreMeasure(db, ed.dataset, opts.measure);
  const score = areaValues(db, ed.dataset, scoreName);
  const rank = areaValues(db, ed.dataset, `${opts.measure}_rank`);
  const decile = areaValues(db, ed.dataset, `${opts.measure}_decile`);
  const lsoas = currentAreas(db, ed.kind).filter(inArea);
  const base = {
    level: opts.level,
    measure: opts.measure,
    label: LABELS[opts.measure],
    edition: opts.edition,
    scoreMeasure: scoreName,
    geography: ed.kind === 'lsoa11' ? 'LSOA 2011' : 'LSOA 2021',
    source: info ? `${info.source} (${info.licence})` : ed.dataset,
  };
  if (opts.level === 'lsoa') {
    return {
      ...base,
      allocation: 'none',
      geojson: {
        type: 'FeatureCollection',
        features: lsoas.map((a) => ({
          type: 'Feature',
          id: a.code,
          geometry: a.geometry,
          properties: {
            code: a.code,
            name: a.name,
            score: score.get(a.code) ?? null,
            rank: rank.get(a.code) ?? null,
            decile: decile.get(a.code) ?? null,
          },
        })),
      },
    };
  }
  if (opts.level === 'ward') {
    const overlap = areaOverlap(db, ed.kind, 'ward');
    const pops = areaValues(db, ed.popDataset, ed.popMeasure);
    const has = (code: string) => rank.has(code) && pops.has(code);
    const weights = overlap ? overlap.sources.map((s) => (has(s.code) ? pops.get(s.code)! : 0)) : [];
    const meanOf = (values: Map<string, number>) =>
      overlap
        ? allocateWithOverlap(
            overlap.matrix,
            overlap.sources.map((s) => values.get(s.code) ?? 0),
            { population: weights },
          )
        : [];
    const rankMean = meanOf(rank);
    const scoreMean = meanOf(score);
    return {
      ...base,
      allocation: 'population',
      allocationNote: `LSOA values averaged over each ward, weighting each LSOA by its population apportioned by the share of its area in the ward; decile = decile of the population-weighted average rank among ${ed.lsoas.toLocaleString('en-GB')} LSOAs`,
      geojson: {
        type: 'FeatureCollection',
        features: (overlap?.targets ?? []).flatMap((w, i) => {
          if (!inArea(w)) return [];
          const r = rankMean[i]?.populationMean ?? null;
          const s = scoreMean[i]?.populationMean ?? null;
          return {
            type: 'Feature' as const,
            id: w.code,
            geometry: w.geometry,
            properties: {
              code: w.code,
              name: w.name,
              score: s === null ? null : Math.round(s * 1000) / 1000,
              rank: r === null ? null : Math.round(r),
              decile: r === null ? null : decileOfRank(r, ed.lsoas),
            },
          };
        }),
      },
    };
  }
  const withValues = lsoas.filter((a) => rank.has(a.code));
  const { cells } = allocateToH3(
    asFeatures(withValues),
    withValues.map((a) => rank.get(a.code)!),
    opts.res,
  );
  return {
    ...base,
    allocation: 'area',
    allocationNote: 'each H3 cell takes the value of the LSOA containing its centre (area-based, centre containment)',
    res: opts.res,
    cells: cells.map((c) => ({ h3: c.h3, rank: Math.round(c.areaMean), decile: decileOfRank(c.areaMean, ed.lsoas) })),
  };
}

/**
 * DWP children in relative low income (before housing costs), MSOA 2011 counts, over children
 * aged 0-15, with IDACI beside it. Ward figures are allocated by children (see wardContext).
 */
export function childPovertyLayer(db: Store, opts: { level: 'msoa' | 'lsoa' | 'ward'; year: number; area?: string }) {
  const inArea = areaFilter(db, opts.area);
  const measure = `fye${opts.year}`;
  const info = datasetInfo(db, 'cilif-relative');
  const counts = areaValues(db, 'cilif-relative', measure);
  const base = {
    level: opts.level,
    year: opts.year,
    measure: `children aged 0-15 in relative low income families (before housing costs), financial year ending ${opts.year}${opts.year === 2022 ? ' (provisional)' : ''}`,
    source: info ? `${info.source} (${info.licence})` : 'DWP Children in Low Income Families',
    note: 'Not the after-housing-costs estimates (End Child Poverty / Loughborough) quoted in the strategy: those are higher and on pre-2023 wards.',
  };
  const kids21 = areaValues(db, 'population-mid2022', 'age_0_15');
  if (opts.level === 'msoa') {
    // Children per MSOA: LSOA 2021 children apportioned by the share of each LSOA's area in the MSOA.
    const overlap = areaOverlap(db, 'lsoa21', 'msoa11');
    const children = new Map<string, number>();
    for (const e of overlap?.matrix.entries ?? []) {
      const code = overlap!.targets[e.target].code;
      children.set(code, (children.get(code) ?? 0) + (kids21.get(overlap!.sources[e.source].code) ?? 0) * e.sourceFraction);
    }
    return {
      ...base,
      allocation: 'none',
      denominator: 'children aged 0-15 mid-2022 (ONS), LSOA 2021 apportioned to MSOA 2011 by area',
      geojson: {
        type: 'FeatureCollection',
        features: currentAreas(db, 'msoa11')
          .filter(inArea)
          .map((m) => {
            const c = children.get(m.code);
            const low = counts.get(m.code) ?? null;
            return {
              type: 'Feature',
              id: m.code,
              geometry: m.geometry,
              properties: {
                code: m.code,
                name: m.name,
                childrenLowIncome: low,
                children: c === undefined ? null : Math.round(c),
                rate: low !== null && c ? Math.round((low / c) * 1000) / 1000 : null,
              },
            };
          }),
      },
    };
  }
  if (opts.level === 'lsoa') {
    const idaci = areaValues(db, 'iod2025', 'idaci_score');
    return {
      ...base,
      measure: 'IDACI 2025 score: share of children aged 0-15 living in income-deprived households (LSOA 2021)',
      source: datasetInfo(db, 'iod2025')?.source ?? 'MHCLG English Indices of Deprivation 2025',
      allocation: 'none',
      geojson: {
        type: 'FeatureCollection',
        features: currentAreas(db, 'lsoa21')
          .filter(inArea)
          .map((a) => ({
            type: 'Feature',
            id: a.code,
            geometry: a.geometry,
            properties: { code: a.code, name: a.name, idaci: idaci.get(a.code) ?? null, children: kids21.get(a.code) ?? null },
          })),
      },
    };
  }
  const low = childrenLowIncomeByWard(db, measure);
  const kids = areaValues(db, 'population-mid2022-ward', 'age_0_15');
  const idaciWard = areaValues(db, 'idaci2025-ward', 'idaci_rate');
  return {
    ...base,
    allocation: 'population',
    allocationNote: 'MSOA counts split over LSOA 2021 parts by children aged 0-15, then to wards by area',
    geojson: {
      type: 'FeatureCollection',
      features: currentAreas(db, 'ward', opts.area).map((w) => {
        const l = low.get(w.code);
        const c = kids.get(w.code) ?? null;
        return {
          type: 'Feature',
          id: w.code,
          geometry: w.geometry,
          properties: {
            code: w.code,
            name: w.name,
            childrenLowIncome: l === undefined ? null : Math.round(l),
            children: c,
            rate: l !== undefined && c ? Math.round((l / c) * 1000) / 1000 : null,
            idaci: idaciWard.get(w.code) ?? null,
          },
        };
      }),
    },
  };
}
