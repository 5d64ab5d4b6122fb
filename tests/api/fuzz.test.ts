import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realStore } from '../setup/realStore';
import { startServer, type RunningServer } from './server';
import { closeInferencePool } from '../../server/workers/inferencePool';

/**
 * Fuzzing every documented parameter (issue 11), driven by the server's own OpenAPI document so a
 * new route or parameter is fuzzed without being listed here. Each case changes one parameter of a
 * cheap request (one month, res 7, the analytic test); the answer must never be a 5xx, and every
 * 4xx must be JSON `{ error }` whose message starts with the name of a parameter the request sent.
 * No case is skipped: a defect found here is fixed in the server.
 */
let server: RunningServer;
let doc: OpenApi;
let lastMonth: string;
/** A valid value for each path parameter ({code}: a current ward). */
const pathValues: Record<string, string> = {};

interface Parameter {
  name: string;
  in: string;
  schema: { default?: unknown; enum?: unknown[]; type?: string };
}
interface Operation {
  parameters: Parameter[];
  requestBody?: {
    content: { 'application/json': { schema: { properties: Record<string, { default?: unknown; enum?: unknown[]; type?: string }> } } };
  };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

beforeAll(async () => {
  server = await startServer(realStore());
  doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApi;
  const meta = (await (await fetch(`${server.url}/api/meta`)).json()) as { months: string[] };
  lastMonth = meta.months[meta.months.length - 1];
  pathValues.code = (meta as unknown as { wards: { code: string }[] }).wards[0].code;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await closeInferencePool();
});

/** The cheapest valid value of each parameter a heavy route takes; others keep their defaults. */
function cheapBase(path: string, names: readonly string[]): Record<string, string> {
  const base: Record<string, string> = {};
  const set = (name: string, value: string) => {
    if (names.includes(name)) base[name] = value;
  };
  set('from', lastMonth);
  set('to', lastMonth);
  set('res', path === '/api/patrol-plan' ? '8' : '7');
  set('inference', 'normal');
  set('overlapPermutations', '9');
  set('window', '1');
  set('bbox', '-1.45,54.50,-1.20,54.65');
  // The tasking pack as HTML: the PDF needs chromium and seconds per case.
  if (path === '/api/report') set('format', 'html');
  return base;
}

const enc = encodeURIComponent;
const LONG = 'a'.repeat(10_000);

/**
 * One parameter's bad values, as already-encoded query text. `own` cases are wrong whatever else
 * is sent, so the refusal must name this parameter; the others may be refused for another reason
 * (a cost limit names k or permutations) or be valid.
 */
function queryCases(name: string, schema: Parameter['schema'], validValues = true): { label: string; raw: string; own: boolean }[] {
  const n = enc(name);
  const own = (label: string, value: string) => ({ label, raw: `${n}=${enc(value)}`, own: true });
  const maybe = (label: string, value: string) => ({ label, raw: `${n}=${enc(value)}`, own: false });
  const valid = schema.default !== undefined ? String(schema.default) : schema.enum?.length ? String(schema.enum[0]) : 'x';
  const cases = [
    own('empty', ''),
    { label: 'repeated', raw: `${n}=${enc(valid)}&${n}=${enc(valid)}`, own: true },
    own('hex', '0x10'),
    own('exponent', '1e1'),
    own('signed hex', '-0x1'),
    own('encoded plus', '+9'),
    { label: "raw '+' (a space)", raw: `${n}=+9`, own: true },
    own('leading space', ' 9'),
    own('Infinity', 'Infinity'),
    own('NaN', 'NaN'),
    own('10k characters', LONG),
    own('10k digits', '9'.repeat(10_000)),
    own('SQL injection', "' OR 1=1 --"),
    own('script', '<script>alert(1)</script>'),
    own('path traversal', '../../etc/passwd'),
    { label: 'NUL', raw: `${n}=%00`, own: true },
    own('literal %00', '%00'),
    own('bidi override', '\u202e9'),
    own('emoji', '🔥'),
    own('fullwidth digit', '９'),
    own('arabic-indic digit', '٣'),
    { label: 'bad percent-encoding', raw: `${n}=%E0%A4%A`, own: true },
    maybe('word', 'abc'),
    maybe('true', 'true'),
    maybe('list', '[1]'),
    maybe('object', '{}'),
    maybe('negative', '-1'),
    maybe('zero', '0'),
    maybe('fraction', '0.5'),
    maybe('huge', '99999999'),
    maybe('beyond doubles', '1' + '0'.repeat(400)),
    maybe('month 13', '2025-13'),
    maybe('short month', '2025-1'),
    maybe('month before 1990', '1989-12'),
    maybe('comma list', '1,2,3,4'),
    maybe('accented', 'é'),
  ];
  // Every documented value of an enum, and the default written out, are fuzzed as well.
  if (!validValues) return cases;
  for (const v of schema.enum ?? []) cases.push(maybe(`enum ${String(v)}`, String(v)));
  if (schema.default !== undefined) cases.push(maybe('default written out', String(schema.default)));
  return cases;
}

/** JSON body values of the wrong type or range; every one is wrong for every CCTV body field. */
const BODY_VALUES: [string, unknown][] = [
  ['true', true],
  ['false', false],
  ['null', null],
  ['list', [1]],
  ['object', {}],
  ['empty text', ''],
  ['number as text', '5'],
  ['hex text', '0x10'],
  ['exponent text', '1e1'],
  ['10k characters', LONG],
  ['SQL injection', "' OR 1=1 --"],
  ['script', '<script>'],
  ['path traversal', '../../etc/passwd'],
  ['NUL', '\u0000'],
  ['emoji', '🔥'],
  ['negative', -1],
  ['huge', 1e308],
  ['fraction', 0.5],
];

interface Outcome {
  status: number;
  type: string;
  text: string;
}

async function send(
  method: string,
  path: string,
  query: string,
  body?: unknown,
  pathOverride: Record<string, string> = {},
): Promise<Outcome> {
  const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathOverride[name] ?? pathValues[name]));
  const res = await fetch(
    `${server.url}${concrete}${query ? `?${query}` : ''}`,
    method === 'post' ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) } : undefined,
  );
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** What is wrong with an answer, or null: the test lists every failure at once. */
function judge(o: Outcome, sent: readonly string[], must?: string): string | null {
  if (o.status >= 500) return `${o.status}: ${o.text.slice(0, 200)}`;
  if (o.status < 400) return null;
  if (!o.type.startsWith('application/json')) return `${o.status} is not JSON (${o.type})`;
  let error: unknown;
  try {
    error = (JSON.parse(o.text) as { error?: unknown }).error;
  } catch {
    return `${o.status} body is not JSON`;
  }
  if (typeof error !== 'string') return `${o.status} has no error string`;
  const named = /^([^:]{1,60}): /.exec(error)?.[1];
  if (must !== undefined && !(named === must || (must.length > 40 && named?.startsWith(must.slice(0, 40)))))
    return `${o.status} does not start with "${must}:": ${error.slice(0, 160)}`;
  if (named === undefined || !sent.some((s) => s === named || named.startsWith(s.slice(0, 40))))
    return `${o.status} names no parameter sent (${sent.join(', ')}): ${error.slice(0, 160)}`;
  return null;
}

/** Runs tasks a few at a time: the server's pool has one worker per core. */
async function pooled<T>(tasks: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]();
      }
    }),
  );
  return out;
}

const queryOf = (o: Record<string, string>) =>
  Object.entries(o)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');

describe('fuzzing every documented parameter', () => {
  it('never answers 5xx; every refusal is JSON naming a parameter sent; cheap defaults answer 200', async () => {
    const started = Date.now();
    const failures: string[] = [];
    const tasks: (() => Promise<void>)[] = [];
    const timings: [number, string][] = [];
    let routes = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        routes++;
        const params = op.parameters.filter((p) => p.in === 'query');
        const names = params.map((p) => p.name);
        const base = cheapBase(path, names);
        const bodyFields = op.requestBody ? Object.keys(op.requestBody.content['application/json'].schema.properties) : [];
        const baseBody: Record<string, unknown> = op.requestBody
          ? { from: lastMonth, to: lastMonth, harm: 'violence', count: 1, candidateRes: 8 }
          : {};
        const check = (
          label: string,
          query: Record<string, string>,
          raw: string,
          sent: string[],
          must?: string,
          body?: unknown,
          want200 = false,
          inPath: Record<string, string> = {},
        ) =>
          tasks.push(async () => {
            const q = [queryOf(query), raw].filter(Boolean).join('&');
            const t0 = Date.now();
            let o: Outcome;
            try {
              o = await send(method, path, q, body ?? baseBody, inPath);
            } catch (err) {
              failures.push(
                `${method.toUpperCase()} ${path} ${label} [${q.slice(0, 120)}]: no answer (${String((err as Error).cause ?? err)})`,
              );
              return;
            }
            timings.push([Date.now() - t0, `${method} ${path} ${label}`]);
            const problem =
              want200 && o.status !== 200 ? `${o.status} where 200 was expected: ${o.text.slice(0, 160)}` : judge(o, sent, must);
            if (problem) failures.push(`${method.toUpperCase()} ${path} ${label} [${q.slice(0, 120)}]: ${problem}`);
          });
        // The cheap request itself answers 200, and so does a light route given nothing at all
        // (the heavy ones, which test hot spots, would take seconds over the whole data set).
        check('cheap defaults', base, '', names, undefined, undefined, true);
        const heavy = names.includes('inference') || names.includes('window') || op.requestBody !== undefined;
        if (!heavy && path !== '/api/incidents') check('no parameters', {}, '', names, undefined, undefined, true);
        for (const p of params) {
          const rest = { ...base };
          delete rest[p.name];
          // The pack builds every analysis (a second per valid request): its valid values are tried for
          // its own parameters only, those it shares with /api/hotspots are tried there.
          const validValues = path !== '/api/report' || ['ward', 'baseline', 'format'].includes(p.name);
          for (const c of queryCases(p.name, p.schema, validValues))
            check(`${p.name} ${c.label}`, rest, c.raw, names, c.own ? p.name : undefined);
        }
        // Path parameters: malformed, unknown and hostile values are refused naming the parameter.
        for (const p of op.parameters.filter((x) => x.in === 'path')) {
          for (const [label, value] of [
            ['malformed', 'x'],
            ['unknown', 'E05999999'],
            ['long', 'E'.repeat(5000)],
            ['injection', "' OR 1=1 --"],
            ['traversal', '..%2F..%2Fetc'],
            ['emoji', '🔥'],
          ]) {
            check(`path ${p.name} ${label}`, base, '', [p.name], p.name, undefined, false, { [p.name]: value });
          }
        }
        // Names the route does not take, a typo first.
        for (const unknown of ['permutaions', '_', 'x[y]', 'a'.repeat(300), '<script>', "' OR 1=1 --"])
          check(`unknown ${unknown.slice(0, 20)}`, base, `${enc(unknown)}=1`, [unknown], unknown);
        for (const field of bodyFields) {
          for (const [label, value] of BODY_VALUES)
            check(`body ${field} ${label}`, base, '', [...names, ...bodyFields], field, { ...baseBody, [field]: value });
        }
        if (op.requestBody) {
          check('body unknown field', base, '', ['raduis'], 'raduis', { ...baseBody, raduis: 100 });
          for (const [label, body] of [
            ['a list', [1]],
            ['text', 'x'],
            ['null', null],
          ] as [string, unknown][])
            check(`body ${label}`, base, '', ['body'], 'body', body);
        }
      }
    }
    await pooled(tasks);
    const seconds = (Date.now() - started) / 1000;
    if (process.env.FUZZ_TIMINGS)
      console.log(
        timings
          .sort((a, b) => b[0] - a[0])
          .slice(0, 30)
          .map(([ms, l]) => `${ms} ms ${l}`)
          .join('\n'),
      );
    console.log(`fuzz: ${tasks.length} cases over ${routes} routes in ${seconds.toFixed(1)} s`);
    expect(routes).toBeGreaterThanOrEqual(15);
    expect(tasks.length).toBeGreaterThan(1000);
    expect(tasks.length).toBeLessThan(6000);
    expect(failures.slice(0, 40)).toEqual([]);
  }, 120_000);
});

describe('the OpenAPI document says what the schemas check', () => {
  it('res is an enum of the H3 resolutions; months carry their pattern', () => {
    const hexes = doc.paths['/api/hexes'].get.parameters;
    const res = hexes.find((p) => p.name === 'res')!.schema as Record<string, unknown>;
    expect(res.enum).toEqual([7, 8, 9, 10]);
    expect(res.default).toBe(9);
    expect(res).not.toHaveProperty('minimum');
    const from = hexes.find((p) => p.name === 'from')!.schema as Record<string, unknown>;
    expect(from.pattern).toBe('^\\d{4}-(0[1-9]|1[0-2])$');
    expect(new RegExp(from.pattern as string).test('2025-13')).toBe(false);
  });
  it('lists only what each route uses: no alpha on backtest, no weight on incidents, no harm on overlap', () => {
    const names = (path: string) => doc.paths[path].get.parameters.map((p) => p.name);
    expect(names('/api/backtest')).not.toContain('alpha');
    expect(names('/api/incidents')).toEqual(['from', 'to', 'categories', 'harm', 'bbox', 'limit']);
    expect(names('/api/overlap')).not.toContain('harm');
    expect(names('/api/overlap')).not.toContain('categories');
    expect(names('/api/overlap')).toContain('permutations');
  });
});
