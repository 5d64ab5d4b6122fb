/** Each route's ResponseSpec (for openApiResponses) from the JSON schemas and the non-JSON formats. */
import type { z } from 'zod';
import type { ResponseSpec } from './jsonSchema';
import { exportFeatureCollection, nonJsonFormats, type NonJsonRouteKey } from './nonJson';
import { responseSchemas, type RouteKey } from './responses';

/** Media type without parameters: OpenAPI content keys name the type, not the charset. */
const mediaType = (contentType: string) => contentType.split(';')[0].trim();

const FORMAT_BODIES: Readonly<Record<string, z.ZodType | undefined>> = { geojson: exportFeatureCollection };

export function responseSpecOf(key: RouteKey): ResponseSpec {
  const json = key === 'GET /api/report' ? undefined : responseSchemas[key];
  const formats: Readonly<Record<string, string>> =
    (nonJsonFormats as Record<string, Record<string, string>>)[key as NonJsonRouteKey] ?? {};
  const other: Record<string, z.ZodType | undefined> = {};
  const notes: string[] = [];
  for (const [format, contentType] of Object.entries(formats)) {
    const type = mediaType(contentType);
    // format=params is JSON too, so it cannot have its own entry beside the answer: say so instead.
    if (type === 'application/json') {
      notes.push(
        `format=${format} answers ${type}${format === 'params' ? ' with the parameters document (file, rows, columns, parameters)' : ''}`,
      );
      continue;
    }
    other[type] = FORMAT_BODIES[format];
    notes.push(`format=${format} answers ${type}`);
  }
  return {
    json,
    other,
    description: notes.length ? `OK. ${notes.join('; ')}.` : 'OK',
    ...(key === 'GET /api/health'
      ? { sameBodyStatuses: { '503': 'Incidents cannot be served; the body says which subsystem failed' } }
      : {}),
  };
}
