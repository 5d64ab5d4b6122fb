import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { realStore } from '../setup/realStore';
import { startServer, type RunningServer } from './server';
import { apiRoutes } from '../../server/app';
import { DEPRIVATION_MEASURES as SERVER_DEPRIVATION_MEASURES } from '../../server/services/layers';
import { INSTITUTION_MODES as SERVER_INSTITUTION_MODES } from '../../server/services/patrol';
import { responseSchemas, type JsonRouteKey, type RouteKey } from '../../contract/responses';
import { exportFeatureCollection, nonJsonFormats, paramsDocument } from '../../contract/nonJson';
import { DEPRIVATION_MEASURES } from '../../contract/analytics';
import { INSTITUTION_MODES } from '../../contract/common';
import { isAnySchema, openApiResponses, toJsonSchema, type JsonSchema } from '../../contract/jsonSchema';
import { responseSpecOf } from '../../contract/routeResponses';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer(realStore());
});
afterAll(async () => server?.close());

/** The first problem as "path: message", so a failure names the field the server changed. */
function firstIssue(schema: z.ZodType, value: unknown): string | null {
  const r = schema.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `${issue.path.join('.') || '(root)'}: ${issue.message} (${r.error.issues.length} issue(s))`;
}

/** Fills a route's path parameters (":code") from `params`. */
async function call(
  key: JsonRouteKey,
  query = '',
  body?: unknown,
  params: Record<string, string> = {},
): Promise<{ status: number; type: string; json: unknown }> {
  const [method, pattern] = key.split(' ');
  const path = pattern.replace(/:(\w+)/g, (_m, name: string) => ({ code: 'E05014858', ...params })[name] ?? `:${name}`);
  const res = await fetch(server.url + path + query, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', json: await res.json() };
}

/** Typical requests and variants (resolution, harm, weight, inference, window, level, institutions). */
const CASES: { key: JsonRouteKey; query?: string; body?: unknown; params?: Record<string, string> }[] = [
  { key: 'GET /api/health' },
  { key: 'GET /api/meta' },
  { key: 'GET /api/meta', query: '?area=E06000004' },
  { key: 'GET /api/areas' },
  { key: 'GET /api/areas', query: '?from=2025-06&to=2025-11&harm=asb&weight=cchi' },
  { key: 'GET /api/hexes' },
  { key: 'GET /api/hexes', query: '?res=8&from=2025-06&to=2025-11&harm=violence' },
  { key: 'GET /api/hexes', query: '?res=10&categories=burglary,shoplifting&weight=cost' },
  { key: 'GET /api/hexes', query: '?res=7&harm=asb&weight=cchi' },
  { key: 'GET /api/wards/:code/summary' },
  { key: 'GET /api/wards/:code/summary', query: '?from=2023-01&to=2023-06&categories=drugs,burglary&weight=cchi' },
  { key: 'GET /api/incidents', query: '?bbox=-1.33,54.55,-1.30,54.57&limit=50' },
  { key: 'GET /api/incidents', query: '?bbox=0,0,1,1' },
  { key: 'GET /api/hotspots', query: '?res=8' },
  { key: 'GET /api/hotspots', query: '?res=7&inference=conditional&permutations=99' },
  { key: 'GET /api/hotspots', query: '?res=9&inference=normal&harm=asb&weight=cchi' },
  { key: 'GET /api/hotspots', query: '?res=8&inference=poisson&k=2&alpha=0.1' },
  { key: 'GET /api/hotspots', query: '?res=7&from=2020-01&to=2020-02' },
  { key: 'GET /api/overlap', query: '?res=8' },
  { key: 'GET /api/overlap', query: '?res=7&weight=cchi&from=2025-01&to=2025-06' },
  { key: 'GET /api/overlap', query: '?res=7&from=2020-01&to=2020-02' },
  { key: 'GET /api/trends', query: '?res=8&from=2025-01&to=2025-11' },
  { key: 'GET /api/trends', query: '?res=8&inference=normal&harm=violence' },
  { key: 'GET /api/concentration' },
  { key: 'GET /api/concentration', query: '?res=7&harm=asb&weight=cchi&asbWeight=5' },
  { key: 'GET /api/concentration', query: '?from=2020-01&to=2020-02' },
  { key: 'GET /api/wards' },
  { key: 'GET /api/wards', query: '?from=2022-06&to=2023-03&harm=violence' },
  { key: 'GET /api/wards', query: '?from=2020-01&to=2020-06' },
  { key: 'GET /api/wards', query: '?format=geojson&weight=cchi' },
  { key: 'GET /api/wards/:code/summary', params: { code: 'E05014882' } },
  { key: 'GET /api/wards/:code/summary', query: '?harm=violence&from=2025-01&to=2025-06', params: { code: 'E05014882' } },
  { key: 'GET /api/layers/deprivation' },
  { key: 'GET /api/layers/deprivation', query: '?level=ward&edition=2025&measure=crime' },
  { key: 'GET /api/layers/deprivation', query: '?level=hex&res=8&measure=health' },
  { key: 'GET /api/layers/child-poverty' },
  { key: 'GET /api/layers/child-poverty', query: '?level=lsoa&year=2020' },
  { key: 'GET /api/layers/child-poverty', query: '?level=msoa&year=2016' },
  { key: 'GET /api/patrol-plan' },
  { key: 'GET /api/patrol-plan', query: '?res=8&institutions=include&minutes=60&harm=violence' },
  { key: 'GET /api/patrol-plan', query: '?from=2020-01&to=2020-02' },
  { key: 'POST /api/cctv/siting', body: { count: 3, candidateRes: 9 } },
  {
    key: 'POST /api/cctv/siting',
    body: { cameras: 'longitude,latitude\n-1.3145,54.5656\n', count: 2, radius: 150, institutions: 'include', harm: 'violence' },
  },
  {
    key: 'POST /api/cctv/siting',
    body: {
      candidates: {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-1.3145, 54.5656] }, properties: {} }],
      },
      from: '2020-01',
      to: '2020-02',
    },
  },
  { key: 'GET /api/backtest', query: '?res=8' },
  { key: 'GET /api/backtest', query: '?res=9&window=3&coverage=0.02&harm=asb' },
];

describe('the contract covers every route', () => {
  it('has a JSON schema for every route but the report, and non-JSON formats only for routes that exist', () => {
    const routes = apiRoutes(server.db)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .sort();
    const declared: RouteKey[] = [...(Object.keys(responseSchemas) as JsonRouteKey[]), 'GET /api/report'];
    expect(declared.sort()).toEqual(routes);
    for (const key of Object.keys(nonJsonFormats)) expect(routes).toContain(key);
    // Every JSON route is called below at least once.
    expect(new Set(CASES.map((c) => c.key))).toEqual(new Set(Object.keys(responseSchemas)));
  });

  it("declares the server's closed sets as the server does", () => {
    expect([...DEPRIVATION_MEASURES]).toEqual([...SERVER_DEPRIVATION_MEASURES]);
    expect([...INSTITUTION_MODES]).toEqual([...SERVER_INSTITUTION_MODES]);
  });
});

describe('every JSON answer matches its schema', () => {
  for (const c of CASES) {
    it(`${c.key}${c.query ?? ''}${c.params ? ` ${JSON.stringify(c.params)}` : ''}${c.body ? ` ${JSON.stringify(c.body).slice(0, 60)}` : ''}`, async () => {
      const { status, type, json } = await call(c.key, c.query, c.body, c.params);
      expect(status, JSON.stringify(json).slice(0, 200)).toBe(200);
      expect(type).toBe('application/json; charset=utf-8');
      expect(firstIssue(responseSchemas[c.key], json)).toBeNull();
    });
  }

  // A window holding no month once sent cells without class, label and month counts.
  it('GET /api/trends over a window with no month held: every cell "no-pattern"', async () => {
    const { json } = await call('GET /api/trends', '?res=8&from=2020-01&to=2020-03');
    expect(firstIssue(responseSchemas['GET /api/trends'], json)).toBeNull();
    const cells = (json as { cells: { class: string; hotMonths: number }[] }).cells;
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every((c) => c.class === 'no-pattern' && c.hotMonths === 0)).toBe(true);
  });
});

describe('cells carry their ward', () => {
  it('hexes, hotspots and overlap name one ward per cell, null outside every ward', async () => {
    type C = { h3: string; ward: string | null };
    const cellsOf = async (key: JsonRouteKey) => ((await call(key, '?res=8')).json as { cells: C[] }).cells;
    const [hexes, spots, overlap] = await Promise.all([
      cellsOf('GET /api/hexes'),
      cellsOf('GET /api/hotspots'),
      cellsOf('GET /api/overlap'),
    ]);
    const codes = new Set(((await call('GET /api/meta')).json as { wards: { code: string }[] }).wards.map((w) => w.code));
    const byCell = new Map(overlap.map((c) => [c.h3, c.ward]));
    // The study area: 384 cells at res 8, 62 of them border cells centred outside every ward.
    expect([spots.length, spots.filter((c) => c.ward === null).length]).toEqual([384, 62]);
    expect(new Set(spots.map((c) => c.ward).filter((w) => w !== null))).toEqual(codes);
    expect(spots.every((c) => byCell.get(c.h3) === c.ward)).toBe(true);
    // Hexes reach beyond the study area (incidents police.uk files under the force but outside the borough).
    const inStudy = hexes.filter((c) => byCell.has(c.h3));
    expect(inStudy.length).toBe(198);
    expect(inStudy.every((c) => byCell.get(c.h3) === c.ward)).toBe(true);
    expect(hexes.filter((c) => !byCell.has(c.h3)).every((c) => c.ward === null)).toBe(true);
  });
});

describe('the schemas fail when the server changes a field', () => {
  it('a changed type, a missing required field, a nullable field sent as a string and an unknown enum value are refused, naming the path', async () => {
    const { json } = await call('GET /api/hexes', '?res=8');
    const hexes = json as { cells: Record<string, unknown>[]; method: Record<string, unknown> };
    const schema = responseSchemas['GET /api/hexes'];
    expect(firstIssue(schema, hexes)).toBeNull();
    const copy = () => structuredClone(hexes);
    const typeChanged = copy();
    typeChanged.cells[3].count = String(typeChanged.cells[3].count);
    expect(firstIssue(schema, typeChanged)).toBe('cells.3.count: Invalid input: expected number, received string (1 issue(s))');
    const missing = copy();
    delete missing.method.weightUnit;
    expect(firstIssue(schema, missing)).toBe('method.weightUnit: Invalid input: expected string, received undefined (1 issue(s))');
    const wrongNull = copy();
    wrongNull.method.asbWeight = '';
    expect(firstIssue(schema, wrongNull)).toMatch(/^method\.asbWeight: /);
    const badEnum = copy();
    badEnum.method.weight = 'severity';
    expect(firstIssue(schema, badEnum)).toMatch(/^method\.weight: Invalid option/);
    // A field the server adds later is let through (and stripped), not refused.
    const added = copy();
    added.method.newField = 1;
    expect(firstIssue(schema, added)).toBeNull();
  });
});

describe('non-JSON formats answer with the declared content types', () => {
  const ask = async (path: string) => {
    const res = await fetch(server.url + path);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('hexes as csv, geojson and params', async () => {
    const formats = nonJsonFormats['GET /api/hexes'];
    const csv = await ask('/api/hexes?res=7&format=csv');
    expect([csv.status, csv.type]).toEqual([200, formats.csv]);
    expect(csv.text.split('\r\n')[0]).toBe('h3,ward,wardName,lat,lon,count,harm,topStreets');
    const geojson = await ask('/api/hexes?res=7&format=geojson');
    expect([geojson.status, geojson.type]).toEqual([200, formats.geojson]);
    expect(firstIssue(exportFeatureCollection, JSON.parse(geojson.text))).toBeNull();
    const params = await ask('/api/hexes?res=7&format=params');
    expect([params.status, params.type]).toEqual([200, formats.params]);
    expect(firstIssue(paramsDocument, JSON.parse(params.text))).toBeNull();
  });

  it('the tasking pack as HTML for a ward', async () => {
    const html = await ask('/api/report?format=html&ward=E05014882&res=8');
    expect([html.status, html.type]).toEqual([200, nonJsonFormats['GET /api/report'].html]);
    expect(html.text.startsWith('<!doctype html>') || html.text.startsWith('<!DOCTYPE html>')).toBe(true);
  });
});

/** Every node of a JSON Schema, depth first. */
function* nodes(json: unknown): Generator<JsonSchema> {
  if (!json || typeof json !== 'object') return;
  if (!Array.isArray(json)) yield json as JsonSchema;
  for (const v of Object.values(json)) yield* nodes(v);
}

describe('OpenAPI 3.1 responses from z.toJSONSchema', () => {
  for (const [key, schema] of Object.entries(responseSchemas)) {
    it(`${key}: a full JSON Schema, nothing unrepresentable`, () => {
      const json = toJsonSchema(schema, 'output');
      expect(isAnySchema(json)).toBe(false);
      expect(json.$schema).toBeUndefined();
      expect([...nodes(json)].filter((n) => 'x-unrepresentable' in n)).toEqual([]);
      // Stripping objects: the document lets a client meet fields added later.
      expect([...nodes(json)].filter((n) => n.additionalProperties === false)).toEqual([]);
    });
  }

  it('hexes: exact fields, enums and nullables reach the document', () => {
    const json = toJsonSchema(responseSchemas['GET /api/hexes'], 'output') as any;
    expect(json.required).toEqual(['res', 'from', 'to', 'weight', 'cells', 'method']);
    expect(json.properties.res.enum).toEqual([7, 8, 9, 10]);
    expect(json.properties.cells.items.required).toEqual(['h3', 'count', 'harm', 'ward']);
    expect(json.properties.cells.items.properties.ward.anyOf.map((s: JsonSchema) => s.type)).toEqual(['string', 'null']);
    expect(json.properties.method.properties.harm.anyOf.map((s: JsonSchema) => s.type ?? s.enum)).toEqual(['string', 'null']);
    expect(json.properties.method.properties.weight.enum).toEqual(['count', 'cchi', 'cchi-mean', 'cost']);
  });

  it('every route gets a responses object; the report has PDF and HTML and no JSON answer', () => {
    for (const route of apiRoutes(server.db)) {
      const key = `${route.method.toUpperCase()} ${route.path}` as RouteKey;
      const responses = openApiResponses(responseSpecOf(key)) as Record<string, { content?: Record<string, unknown> }>;
      // Status keys are integer-like, so objects list them in numeric order.
      expect(Object.keys(responses)).toEqual(key === 'GET /api/health' ? ['200', '400', '500', '503'] : ['200', '400', '500']);
      expect(Object.keys(responses['400'].content!)).toEqual(['application/json']);
    }
    const report = openApiResponses(responseSpecOf('GET /api/report')) as any;
    expect(Object.keys(report['200'].content)).toEqual(['application/pdf', 'text/html']);
    const hexes = openApiResponses(responseSpecOf('GET /api/hexes')) as any;
    expect(Object.keys(hexes['200'].content)).toEqual(['application/json', 'text/csv', 'application/geo+json']);
    expect(hexes['200'].description).toContain('format=params answers application/json');
  });

  it('request schemas document as input: coercions, defaults and transforms without a fallback', () => {
    for (const route of apiRoutes(server.db)) {
      const json = toJsonSchema(route.query, 'input');
      expect(
        [...nodes(json)].filter((n) => 'x-unrepresentable' in n),
        route.path,
      ).toEqual([]);
    }
    const hexesQuery = apiRoutes(server.db).find((r) => r.path === '/api/hexes')!.query;
    const inputs = [...nodes(toJsonSchema(hexesQuery, 'input'))].filter((n) => n.description === 'H3 resolution');
    expect(inputs[0]).toMatchObject({ type: 'integer', default: 9 });
  });

  it('an unrepresentable part falls back to any value, marked, instead of throwing', async () => {
    const { z: zod } = await import('zod');
    const json = toJsonSchema(zod.object({ at: zod.date(), n: zod.string().transform(Number) }), 'output') as any;
    expect(json.properties.at['x-unrepresentable']).toBe('date');
    expect(json.properties.n['x-unrepresentable']).toBe('transform');
    expect(isAnySchema(json.properties.n)).toBe(true);
  });
});
