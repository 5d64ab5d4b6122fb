import { z } from 'zod';
import type { RouteSpec } from './route';
import { objectShape } from './queryShape';
import { openApiResponses } from '../../contract/jsonSchema';
import { responseSpecOf } from '../../contract/routeResponses';
import type { RouteKey } from '../../contract/responses';
import { routeKey } from './responseContract';

type AnySpec = RouteSpec<z.ZodType, z.ZodType | undefined>;

function jsonSchema(schema: z.ZodType): unknown {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  // One document declares the dialect; and an enum (res) says more than the safe-integer bounds zod adds to .int().
  delete js.$schema;
  if (Array.isArray(js.enum) && js.minimum === Number.MIN_SAFE_INTEGER && js.maximum === Number.MAX_SAFE_INTEGER) {
    delete js.minimum;
    delete js.maximum;
  }
  return js;
}

/** The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(specs: readonly AnySpec[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const shape = objectShape(spec.query);
    const parameters = Object.entries(shape).map(([name, schema]) => {
      const js = jsonSchema(schema) as Record<string, unknown> & { description?: string };
      return { name, in: 'query', required: !schema.safeParse(undefined).success, description: js.description, schema: js };
    });
    const path = spec.path.replace(/:(\w+)/g, '{$1}');
    for (const m of spec.path.matchAll(/:(\w+)/g))
      parameters.push({ name: m[1], in: 'path', required: true, description: undefined, schema: { type: 'string' } });
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      parameters,
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } } } : {}),
      responses: openApiResponses(responseSpecOf(routeKey(spec) as RouteKey)),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hotspot Atlas API',
      version,
      description: 'Harm-weighted, statistically tested crime and ASB hotspots (police.uk data).',
    },
    paths,
  };
}
