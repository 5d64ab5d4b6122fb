/**
 * What routes send besides their JSON answer: export formats (format=csv|geojson|params) and the
 * report's PDF or HTML. These are files, so the contract names their content type; the two that
 * are JSON underneath get a loose schema, since their rows are the route's own columns.
 */
import { z } from 'zod';

export const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  params: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
} as const;

const tableExports = { csv: CONTENT_TYPES.csv, geojson: CONTENT_TYPES.geojson, params: CONTENT_TYPES.params } as const;

/**
 * Per route, each non-default `format` and the content type it answers with. Table exports come
 * as attachments (Content-Disposition); the CSV's parameters also ride in X-Atlas-Parameters.
 */
export const nonJsonFormats = {
  'GET /api/hexes': tableExports,
  'GET /api/hotspots': tableExports,
  'GET /api/overlap': tableExports,
  // Ward GeoJSON is the JSON answer itself (wardsResponse), sent as an attachment.
  'GET /api/wards': { csv: CONTENT_TYPES.csv, geojson: CONTENT_TYPES.json, params: CONTENT_TYPES.params },
  'GET /api/patrol-plan': tableExports,
  'POST /api/cctv/siting': tableExports,
  // No JSON answer at all: the default format is pdf.
  'GET /api/report': { pdf: CONTENT_TYPES.pdf, html: CONTENT_TYPES.html },
} as const;

export type NonJsonRouteKey = keyof typeof nonJsonFormats;

/** format=params: the parameters behind a CSV, to save beside it (server/http/exportFormat.ts). */
export const paramsDocument = z.object({
  file: z.string().regex(/\.csv$/),
  rows: z.number().int().min(0),
  columns: z.array(z.string()).min(1),
  parameters: z.record(z.string(), z.unknown()),
});

/** format=geojson of a table export: one feature per row, the parameters in `metadata`. */
export const exportFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  metadata: z.record(z.string(), z.unknown()),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      geometry: z.object({ type: z.enum(['Point', 'Polygon']), coordinates: z.array(z.unknown()) }).nullable(),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
});
