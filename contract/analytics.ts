/** Responses of server/routes/analytics.ts: hot spots, overlap, trends, concentration, wards, layers. */
import { z } from 'zod';
import { BASELINES, type Baseline } from '../geo/comparisonWindow';
import { EMERGING_PATTERN_LABELS, type EmergingPattern } from '../geo/emergingHotspots';
import {
  areaFeatureCollection,
  caveats,
  curvePoints,
  gssCode,
  h3Index,
  h3Resolution,
  inferenceMode,
  monthString,
  selectionParameters,
  warnings,
  wardCode,
} from './common';

/** geo/inferenceDescription.ts: which test ran, why, and the smallest p it can give. */
const inferenceDescription = {
  inference: z.string(),
  inferenceMode,
  inferenceWhy: z.string(),
  draws: z.number().int(),
  smallestP: z.number().nullable().describe('The Monte Carlo floor; null for closed-form p-values'),
  cellsNeededAtFloor: z.number().int().nullable(),
  inferenceNote: z.string(),
};

export const confidenceBin = z.union([z.literal(-3), z.literal(-2), z.literal(-1), z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

export const hotspotCell = z.object({
  h3: h3Index,
  ward: wardCode.nullable().describe('Current ward holding the cell centre; null for a border cell centred outside every ward'),
  value: z.number(),
  count: z.number().int(),
  z: z.number(),
  p: z.number().min(0).max(1),
  pSim: z.number().min(0).max(1).optional().describe('Resampling p; present for resampling inference modes'),
  pFdr: z.number().min(0).max(1),
  bin: confidenceBin,
});

/** GET /api/hotspots (format=json) */
export const hotspotsResponse = z.object({
  res: h3Resolution,
  cells: z.array(hotspotCell),
  method: z.object({
    statistic: z.string(),
    neighbours: z.string(),
    ...inferenceDescription,
    multipleTesting: z.string(),
    bins: z.string(),
    attainableBins: z.array(confidenceBin),
    res: h3Resolution,
    k: z.number().int(),
    alpha: z.number(),
    seed: z.number().int(),
    ...selectionParameters,
    weightUnit: z.string(),
    n: z.number().int(),
    mean: z.number(),
    sd: z.number(),
    total: z.number(),
    hotCells: z.number().int(),
    coldCells: z.number().int(),
    warnings,
    caveats,
  }),
});

export const overlapClass = z.enum(['both', 'violence', 'asb', 'neither']);
const overlapLayer = z.object({
  hot: z.number().int(),
  categories: z.array(z.string()),
  weighted: z.boolean().describe('False when the weighting gives every category of the layer zero weight: it cannot have hot cells'),
});

/** GET /api/overlap (format=json). Ratios are null where undefined (e.g. no hot cells). */
export const overlapResponse = z.object({
  res: h3Resolution,
  from: monthString,
  to: monthString,
  violence: overlapLayer,
  asb: overlapLayer,
  both: z.number().int(),
  union: z.number().int(),
  jaccard: z.number().nullable(),
  overlapCoefficient: z.number().nullable(),
  expectedBoth: z.number().nullable(),
  pJaccard: z.number().nullable(),
  pExact: z.number().nullable(),
  permutations: z.number().int(),
  clq: z.object({
    violenceToAsb: z.number().nullable(),
    asbToViolence: z.number().nullable(),
    violencePoints: z.number().int(),
    asbPoints: z.number().int(),
    locations: z.number().int(),
  }),
  cells: z.array(
    z.object({
      h3: h3Index,
      class: overlapClass,
      ward: wardCode.nullable(),
      violenceZ: z.number(),
      asbZ: z.number(),
      violence: z.number(),
      asb: z.number(),
    }),
  ),
  wards: z.array(
    z.object({
      code: wardCode,
      name: z.string(),
      both: z.number().int(),
      violence: z.number().int(),
      asb: z.number().int(),
      cells: z.number().int(),
    }),
  ),
  method: z.object({
    hotCells: z.string(),
    jaccard: z.string(),
    overlapCoefficient: z.string(),
    permutationTest: z.string(),
    clq: z.string(),
    wardOfCell: z.string(),
    warnings,
    caveats,
  }),
});

export const emergingPattern = z.enum(Object.keys(EMERGING_PATTERN_LABELS) as [EmergingPattern, ...EmergingPattern[]]);

/** GET /api/trends */
export const trendsResponse = z.object({
  res: h3Resolution,
  months: z.number().int(),
  cells: z.array(
    z.object({
      h3: h3Index,
      class: emergingPattern,
      label: z.string(),
      hotMonths: z.number().int(),
      coldMonths: z.number().int(),
      trend: z.object({ tau: z.number(), z: z.number(), p: z.number() }),
    }),
  ),
  counts: z.partialRecord(emergingPattern, z.number().int()).describe('Cells per class; classes no cell has are absent'),
  labels: z.record(emergingPattern, z.string()),
  method: z.object({
    statistic: z.string(),
    steps: z.string(),
    trend: z.string(),
    // Absent when the window holds no month.
    ...z.object(inferenceDescription).partial().shape,
    ...selectionParameters,
    caveats,
  }),
});

/** GET /api/concentration */
export const concentrationResponse = z.object({
  res: h3Resolution,
  cells: z.number().int(),
  total: z.number(),
  // Shares are null when the selection holds no harm.
  top1: z.number().nullable(),
  top5: z.number().nullable(),
  top10: z.number().nullable(),
  cellShareForHalf: z.number().nullable(),
  gini: z.number().nullable(),
  curve: curvePoints,
  method: z.object({ statistic: z.string(), cells: z.string(), ...selectionParameters, res: h3Resolution, caveats }),
});

const monthWindow = z.object({ from: monthString, to: monthString });

/** server/services/wards.ts WardFigures */
export const wardProperties = z.object({
  code: wardCode,
  name: z.string(),
  count: z.number().int(),
  harm: z.number(),
  population: z.number().nullable(),
  months: z.number().int(),
  rate: z.number().nullable(),
  ebRate: z.number().nullable(),
  previousCount: z.number().nullable().describe("The baseline's count (an average for average3); null when its months are not all held"),
  previousHarm: z.number().nullable(),
  change: z.number().nullable(),
  changePct: z.number().nullable(),
  trend: z.object({ s: z.number(), z: z.number(), p: z.number(), tau: z.number(), direction: z.enum(['up', 'down', 'none']) }),
  monthly: z.array(z.number().int()).describe('Counts per month of the window, oldest first'),
  imdScore: z.number().nullable(),
  imdRank: z.number().nullable(),
  imdDecile: z.number().int().nullable(),
  iod2025Decile: z.number().int().nullable(),
  idaci2025: z.number().nullable(),
  children: z.number().nullable(),
  childrenLowIncome: z.number().nullable(),
  childPovertyRate: z.number().nullable(),
  expectedHarm: z.number().nullable(),
  observedExpected: z.number().nullable(),
});

/** GET /api/wards (format=json, and format=geojson as an attachment): a FeatureCollection with `metadata`. */
export const wardsResponse = areaFeatureCollection(wardProperties).extend({
  metadata: z.object({
    ...selectionParameters,
    warnings,
    requested: monthWindow,
    used: monthWindow.nullable().describe('The months of the request the data hold; null when none'),
    clipped: z.boolean(),
    dataHeld: monthWindow.nullable(),
    window: z.string(),
    baseline: z.enum(BASELINES as [Baseline, ...Baseline[]]),
    comparison: z.string(),
    previous: monthWindow.nullable(),
    previousFrom: monthString.nullable(),
    previousTo: monthString.nullable(),
    months: z.number().int(),
    wardSet: z.string(),
    population: z.string(),
    rate: z.string(),
    ebRate: z.string(),
    trend: z.string(),
    deprivation: z.string(),
    expected: z.string(),
    caveats,
  }),
});

/** Also declared by server/services/layers.ts; tests/api/contract.test.ts checks they agree. */
export const DEPRIVATION_MEASURES = ['imd', 'income', 'employment', 'education', 'health', 'crime', 'barriers', 'living', 'idaci'] as const;

const deprivationBase = {
  measure: z.enum(DEPRIVATION_MEASURES),
  label: z.string(),
  edition: z.enum(['2019', '2025']),
  scoreMeasure: z.string().describe('The score column read, e.g. imd_score or health_score_exp'),
  geography: z.enum(['LSOA 2011', 'LSOA 2021']),
  source: z.string(),
};
const areaScore = z.object({
  code: gssCode,
  name: z.string(),
  score: z.number().nullable(),
  rank: z.number().nullable(),
  decile: z.number().int().nullable(),
});

/** GET /api/layers/deprivation: one shape per level. */
export const deprivationResponse = z.discriminatedUnion('level', [
  z.object({ level: z.literal('lsoa'), ...deprivationBase, allocation: z.literal('none'), geojson: areaFeatureCollection(areaScore) }),
  z.object({
    level: z.literal('ward'),
    ...deprivationBase,
    allocation: z.literal('population'),
    allocationNote: z.string(),
    geojson: areaFeatureCollection(areaScore),
  }),
  z.object({
    level: z.literal('hex'),
    ...deprivationBase,
    allocation: z.literal('area'),
    allocationNote: z.string(),
    res: h3Resolution,
    cells: z.array(z.object({ h3: h3Index, rank: z.number().int(), decile: z.number().int() })),
  }),
]);

const childPovertyBase = { year: z.number().int(), measure: z.string(), source: z.string(), note: z.string() };

/** GET /api/layers/child-poverty: one shape per level. */
export const childPovertyResponse = z.discriminatedUnion('level', [
  z.object({
    level: z.literal('msoa'),
    ...childPovertyBase,
    allocation: z.literal('none'),
    denominator: z.string(),
    geojson: areaFeatureCollection(
      z.object({
        code: gssCode,
        name: z.string(),
        childrenLowIncome: z.number().nullable(),
        children: z.number().int().nullable(),
        rate: z.number().nullable(),
      }),
    ),
  }),
  z.object({
    level: z.literal('lsoa'),
    ...childPovertyBase,
    allocation: z.literal('none'),
    geojson: areaFeatureCollection(
      z.object({ code: gssCode, name: z.string(), idaci: z.number().nullable(), children: z.number().nullable() }),
    ),
  }),
  z.object({
    level: z.literal('ward'),
    ...childPovertyBase,
    allocation: z.literal('population'),
    allocationNote: z.string(),
    geojson: areaFeatureCollection(
      z.object({
        code: wardCode,
        name: z.string(),
        childrenLowIncome: z.number().int().nullable(),
        children: z.number().nullable(),
        rate: z.number().nullable(),
        idaci: z.number().nullable(),
      }),
    ),
  }),
]);
