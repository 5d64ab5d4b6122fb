/**
 * Shapes shared by several responses: identifiers, GeoJSON, the selection parameters every
 * method block repeats, and the set-aside institutions. Pure zod: the server validates and
 * documents with these, the client takes their types with `import type` only.
 */
import { z } from 'zod';
import { H3_RESOLUTIONS } from '../geo/h3Bin';
import { HARM_GROUPS } from '../geo/harmGroups';
import { WEIGHT_SCHEMES } from '../geo/harmWeights';
import { INFERENCE_MODES } from '../geo/hotspotInference';

export const monthString = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .describe('Month, YYYY-MM');
export const h3Index = z
  .string()
  .regex(/^[0-9a-f]{15}$/)
  .describe('H3 cell index');
/** ONS GSS codes: wards E05, LSOAs E01, MSOAs E02. */
export const gssCode = z
  .string()
  .regex(/^[EWSN]\d{8}$/)
  .describe('ONS GSS area code');
export const wardCode = gssCode.describe('Current ward code (E05...)');
export const h3Resolution = z.literal(H3_RESOLUTIONS).describe('H3 resolution');
export const isoTime = z.string().describe('ISO 8601 time');

// Closed sets taken from geo/, so a new group or scheme needs no second edit here.
export const harmGroupId = z.enum(HARM_GROUPS.map((g) => g.id) as [string, ...string[]]);
export const weightSchemeId = z.enum(WEIGHT_SCHEMES.map((s) => s.id) as [string, ...string[]]);
export const inferenceMode = z.enum(INFERENCE_MODES);

/** Also declared by server/services/patrol.ts; tests/api/contract.test.ts checks they agree. */
export const INSTITUTION_MODES = ['exclude', 'include'] as const;
export const institutionMode = z.enum(INSTITUTION_MODES);

/** [lon, lat] */
export const lonLat = z.tuple([z.number(), z.number()]);
/**
 * A concentration (Lorenz-type) curve: [share of cells, cumulative share of harm] points; the
 * share is null when the selection holds no harm (0/0 is sent as null).
 */
export const curvePoints = z.array(z.tuple([z.number(), z.number().nullable()]));

const ring = z.array(lonLat);
export const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) });
export const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) });
/** Area boundaries are polygons or multipolygons; nothing else is stored. */
export const areaGeometry = z.discriminatedUnion('type', [polygon, multiPolygon]);

export function areaFeature<P extends z.ZodType>(properties: P) {
  return z.object({ type: z.literal('Feature'), id: gssCode, geometry: areaGeometry, properties });
}

export function areaFeatureCollection<P extends z.ZodType>(properties: P) {
  return z.object({ type: z.literal('FeatureCollection'), features: z.array(areaFeature(properties)) });
}

/**
 * server/services/hexes.ts selectionParameters: what makes a figure reproducible. `categories`
 * is the resolved list joined with commas (not the request's parameter).
 */
export const selectionParameters = {
  from: monthString,
  to: monthString,
  harm: harmGroupId.nullable(),
  categories: z.string().describe('Selected police.uk category slugs, comma-separated'),
  weight: weightSchemeId,
  asbWeight: z.number().nullable(),
};

export const warnings = z
  .array(z.string())
  .describe('Plain-English warnings about the request itself (e.g. a weighting that gives the selection no weight)');
export const caveats = z.array(z.string()).describe('Caveats the method card shows');

/** An institution's police.uk point whose incidents a tool set aside (server/services/institutions.ts). */
export const setAsidePlace = z.object({
  name: z.string(),
  kind: z.string(),
  lon: z.number(),
  lat: z.number(),
  ward: wardCode.nullable(),
  count: z.number().int(),
  harm: z.number(),
});

/** Every error answer: a sentence naming the parameter (4xx) or a generic sentence and request id (500). */
export const errorResponse = z.object({ error: z.string(), requestId: z.string().optional() }).describe('Error');
