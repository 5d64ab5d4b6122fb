/** Responses of server/routes/operations.ts: patrol plan, CCTV siting, back-test. */
import { z } from 'zod';
import {
  caveats,
  curvePoints,
  h3Index,
  h3Resolution,
  institutionMode,
  lonLat,
  monthString,
  selectionParameters,
  setAsidePlace,
  wardCode,
} from './common';

export const patrolPlace = z.object({
  id: h3Index.describe("Smallest H3 index of the place's cells"),
  rank: z.number().int(),
  cells: z.array(h3Index),
  centre: lonLat,
  areaKm2: z.number(),
  acrossMetres: z.number().int(),
  ward: wardCode.nullable(),
  wardName: z.string().nullable(),
  streets: z.array(z.string()),
  streetCounts: z.array(z.object({ name: z.string(), count: z.number().int() })),
  institutional: z.array(z.string()).describe('Which of the streets are institutions (only when institutions are included)'),
  harm: z.number(),
  count: z.number().int(),
  density: z.number(),
  share: z.number().nullable().describe("Of the borough's harm; null when it has none"),
  visits: z.number().int(),
  minutes: z.number(),
});

/** GET /api/patrol-plan (format=json) */
export const patrolPlanResponse = z.object({
  places: z.array(patrolPlace),
  coveredShare: z.number(),
  candidatePlaces: z.number().int(),
  clusters: z.number().int(),
  visitsAvailable: z.number().int(),
  visitsPlanned: z.number().int(),
  institutions: institutionMode,
  setAside: z
    .object({ incidents: z.number().int(), harm: z.number(), share: z.number().nullable(), places: z.array(setAsidePlace) })
    .nullable()
    .describe('What institutions=exclude took out; null when included'),
  curve: curvePoints,
  warnings: z.array(z.string()),
  method: z.object({
    name: z.string(),
    minutesAvailable: z.number(),
    minutesPerVisit: z.number(),
    visitsAvailable: z.number().int(),
    maxAcrossMetres: z.number(),
    maxVisitsPerPlace: z.number().int(),
    adjacency: z.string(),
    places: z.string(),
    ranking: z.string(),
    visits: z.string(),
    guidance: z.array(z.string()),
    figures: z.array(z.string()),
    sources: z.array(z.string()),
    hotCells: z.string(),
    testCells: z.number().int(),
    institutions: z.string(),
    institutionRules: z.array(z.string()),
    ...selectionParameters,
    boroughHarm: z.number(),
    caveats,
  }),
});

export const cctvSite = z.object({
  rank: z.number().int(),
  lon: z.number(),
  lat: z.number(),
  ward: wardCode.nullable(),
  wardName: z.string().nullable(),
  streets: z.array(z.string()),
  marginal: z.number(),
  marginalShare: z.number().nullable(),
  cumulative: z.number(),
  share: z.number().nullable(),
});

/** POST /api/cctv/siting (format=json). Shares are null when there is no harm to cover. */
export const cctvSitingResponse = z.object({
  sites: z.array(cctvSite),
  curve: z.array(z.object({ sites: z.number().int(), covered: z.number(), share: z.number().nullable() })),
  existing: z.object({ cameras: z.number().int(), harm: z.number(), share: z.number().nullable() }),
  totalHarm: z.number(),
  covered: z.number(),
  share: z.number().nullable(),
  uncovered: z.number(),
  demandPoints: z.number().int(),
  stoppedEarly: z.boolean(),
  institutions: institutionMode,
  setAside: z.object({ incidents: z.number().int(), harm: z.number(), places: z.array(setAsidePlace) }).nullable(),
  method: z.object({
    name: z.string(),
    radiusMetres: z.number(),
    p: z.number().int(),
    candidates: z.string().describe('What the candidate sites were, in words'),
    distance: z.string(),
    selection: z.string(),
    guarantee: z.string(),
    sources: z.array(z.string()),
    demand: z.string(),
    institutions: z.string(),
    ...selectionParameters,
    caveats,
  }),
});

/** Accuracy is null where undefined (a month with no harm). */
const accuracy = { hitRate: z.number().nullable(), pai: z.number().nullable(), pei: z.number().nullable() };
const atCoverage = z.object({ coverage: z.number(), flaggedCells: z.number().int(), ...accuracy });

/** GET /api/backtest */
export const backtestResponse = z.object({
  res: h3Resolution,
  coverage: z.number(),
  window: z.number().int(),
  months: z.array(
    z.object({
      month: monthString,
      total: z.number(),
      ...accuracy,
      baseline: z.object(accuracy),
      coverages: z.array(atCoverage).describe('The coverage asked for first, then 0.01, 0.05 and 0.1'),
      baselineCoverages: z.array(atCoverage),
    }),
  ),
  summary: z.object({ months: z.number().int(), ...accuracy, baseline: z.object(accuracy) }),
  method: z.object({
    prediction: z.string(),
    baseline: z.string(),
    hitRate: z.string(),
    pai: z.string(),
    pei: z.string(),
    ...selectionParameters,
    coverages: z.array(z.number()),
  }),
});
