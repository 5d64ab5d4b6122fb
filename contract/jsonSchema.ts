/**
 * JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) from the contract's zod schemas, with
 * zod 4's own z.toJSONSchema rather than a walk over zod internals. Pure: no I/O.
 */
import { z } from 'zod';
import { errorResponse } from './common';

export type JsonSchema = Record<string, unknown>;

/**
 * Request schemas are documented as the client writes them (io 'input': before coercion,
 * defaults optional), responses as the server sends them (io 'output').
 */
export type SchemaSide = 'input' | 'output';

/** Zod types JSON Schema cannot express; each becomes `{}` (any value) with a note saying so. */
const UNREPRESENTABLE = new Set([
  'transform',
  'custom',
  'date',
  'bigint',
  'symbol',
  'undefined',
  'void',
  'map',
  'set',
  'nan',
  'function',
  'promise',
]);

/**
 * One zod schema as JSON Schema. Unrepresentable parts (a transform's output, a custom check)
 * fall back to any value, marked `x-unrepresentable` with the zod type, never an exception: the
 * document must build even when one field cannot be described.
 */
export function toJsonSchema(schema: z.ZodType, side: SchemaSide): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: side,
    unrepresentable: 'any',
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string; catchall?: unknown } } })._zod.def;
      if (UNREPRESENTABLE.has(def.type)) {
        ctx.jsonSchema['x-unrepresentable'] = def.type;
        ctx.jsonSchema.description = [ctx.jsonSchema.description, `(a zod ${def.type}: not representable in JSON Schema, any value)`]
          .filter(Boolean)
          .join(' ');
      }
      // Responses are plain (stripping) objects: a client must accept fields added later, so
      // the document does not forbid them as zod's output mode would.
      if (side === 'output' && def.type === 'object' && def.catchall === undefined) delete ctx.jsonSchema.additionalProperties;
    },
  }) as JsonSchema;
  // OpenAPI 3.1's default dialect is 2020-12 already; the marker only clutters the document.
  delete json.$schema;
  return json;
}

/** True when a schema accepts anything: `{}`, or only annotations. */
export function isAnySchema(json: JsonSchema): boolean {
  const annotations = new Set(['description', 'title', 'default', 'examples', 'x-unrepresentable', '$schema', 'id']);
  return Object.keys(json).every((k) => annotations.has(k));
}

export interface ResponseSpec {
  /** The JSON answer (status 200); absent for routes that answer only in other formats. */
  json?: z.ZodType;
  /** Other formats: content type → a schema of the body (a string when absent, e.g. CSV, PDF). */
  other?: Readonly<Record<string, z.ZodType | undefined>>;
  /** Further statuses that carry the same JSON body, e.g. health's 503. */
  sameBodyStatuses?: Readonly<Record<string, string>>;
  description?: string;
}

const ERROR_STATUSES: Readonly<Record<string, string>> = {
  '400': 'A parameter is invalid; the message names it',
  '500': 'The server could not answer; the body carries a request id for the log',
};

/** The OpenAPI 3.1 `responses` object of one operation. */
export function openApiResponses(spec: ResponseSpec): Record<string, unknown> {
  const content: Record<string, { schema: JsonSchema }> = {};
  if (spec.json) content['application/json'] = { schema: toJsonSchema(spec.json, 'output') };
  for (const [type, schema] of Object.entries(spec.other ?? {})) {
    // Two formats can share a media type (json and params); the route's own JSON answer wins.
    if (content[type]) continue;
    content[type] = {
      schema: schema
        ? toJsonSchema(schema, 'output')
        : { type: 'string', ...(type.startsWith('application/pdf') ? { contentMediaType: 'application/pdf' } : {}) },
    };
  }
  const ok = { description: spec.description ?? 'OK', content };
  const error = { content: { 'application/json': { schema: toJsonSchema(errorResponse, 'output') } } };
  const out: Record<string, unknown> = { '200': ok };
  for (const [status, description] of Object.entries(spec.sameBodyStatuses ?? {})) out[status] = { ...ok, description };
  for (const [status, description] of Object.entries(ERROR_STATUSES)) out[status] = { description, ...error };
  return out;
}
