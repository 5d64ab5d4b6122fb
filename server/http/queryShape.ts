import type { z } from 'zod';

/**
 * The named parameters of a query schema, looking through intersections (a.and(b)), pipes and
 * refinements: what the OpenAPI document lists and what a request may send.
 */
export function objectShape(schema: z.ZodType): Record<string, z.ZodType> {
  const json = schema as unknown as {
    shape?: Record<string, z.ZodType>;
    def?: { in?: z.ZodType; schema?: z.ZodType; left?: z.ZodType; right?: z.ZodType };
  };
  if (json.shape) return json.shape;
  if (json.def?.left && json.def.right) return { ...objectShape(json.def.left), ...objectShape(json.def.right) };
  const inner = json.def?.in ?? json.def?.schema;
  return inner ? objectShape(inner) : {};
}
