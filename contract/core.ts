/** Responses of server/routes/core.ts: health, meta, hexes, incidents. */
import { z } from 'zod';
import {
  h3Index,
  h3Resolution,
  harmGroupId,
  isoTime,
  lonLat,
  monthString,
  selectionParameters,
  warnings,
  wardCode,
  weightSchemeId,
} from './common';

const check = z.enum(['ok', 'unavailable']);

/** GET /api/health (the same shape with status 503 when incidents cannot be served). */
export const healthResponse = z.object({
  status: check,
  incidents: z.number().int().nullable(),
  firstMonth: monthString.nullable(),
  lastMonth: monthString.nullable(),
  dataVersion: z
    .string()
    .nullable()
    .describe('maxId:digest of the incidents held (highest id, the months and boundary sets); changes with every import'),
  importedAt: isoTime.nullable(),
  fetchedAt: isoTime.optional().describe('Present once the fetch CLI has run'),
  fetchedArea: z.string().optional(),
  checks: z.object({ store: check, incidents: check, imports: check, fetch: check }),
  work: z.object({ workers: z.number().int(), running: z.number().int(), queued: z.number().int(), queueLimit: z.number().int() }),
  cache: z.object({ entries: z.number().int(), bytes: z.number().int(), hits: z.number().int(), misses: z.number().int() }),
});

export const weightSchemeInfo = z.object({
  id: weightSchemeId,
  label: z.string(),
  unit: z.string(),
  source: z.string(),
  derivation: z.string(),
  caveats: z.array(z.string()),
  /** null: the scheme has no defensible value for that category (it carries no harm). */
  weights: z.record(z.string(), z.number().nullable()),
  derivations: z.record(z.string(), z.string()),
  asbAssumed: z.boolean().optional().describe('The ASB weight is an assumption (no published value)'),
});

export const harmGroupInfo = z.object({ id: harmGroupId, label: z.string(), priority: z.string(), categories: z.array(z.string()) });

/** GET /api/meta */
export const metaResponse = z.object({
  categories: z.array(z.object({ slug: z.string(), name: z.string(), count: z.number().int() })),
  months: z.array(monthString),
  firstMonth: monthString.nullable(),
  lastMonth: monthString.nullable(),
  wards: z.array(z.object({ code: wardCode, name: z.string(), centroid: lonLat })).describe('The study area’s current wards'),
  areas: z
    .array(z.object({ code: z.string(), name: z.string(), wards: z.number().int() }))
    .describe('Every study area (local authority) the store holds wards of'),
  area: z
    .object({ code: z.string(), name: z.string() })
    .nullable()
    .describe('The study area these wards and bbox describe; null: every held ward'),
  resolutions: z.array(h3Resolution),
  harmGroups: z.array(harmGroupInfo),
  weightSchemes: z.array(weightSchemeInfo),
  bbox: z
    .tuple([z.number(), z.number(), z.number(), z.number()])
    .nullable()
    .describe('minLon, minLat, maxLon, maxLat of the study area’s current wards'),
  attributions: z.array(z.string()),
  importedAt: isoTime.nullable(),
  fetchedAt: isoTime.optional(),
  fetchedArea: z.string().optional(),
});

export const hexCell = z.object({
  h3: h3Index,
  count: z.number().int(),
  harm: z.number(),
  ward: wardCode.nullable().describe('Current ward holding the cell centre; null outside every ward'),
  institutional: z.number().int().optional().describe('Of count, incidents police.uk places at an institution; absent when none'),
});

/** GET /api/hexes (format=json) */
export const hexesResponse = z.object({
  res: h3Resolution,
  from: monthString,
  to: monthString,
  weight: weightSchemeId,
  cells: z.array(hexCell),
  method: z.object({ res: h3Resolution, ...selectionParameters, weightUnit: z.string(), warnings }),
});

export const incident = z.object({
  month: monthString,
  category: z.string(),
  categoryName: z.string(),
  location: z.string(),
  lon: z.number(),
  lat: z.number(),
  outcome: z.string().nullable(),
  ward: wardCode.nullable(),
});

/** GET /api/incidents */
export const incidentsResponse = z.object({ total: z.number().int(), limit: z.number().int(), incidents: z.array(incident) });
