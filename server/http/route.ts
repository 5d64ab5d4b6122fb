import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { type z } from 'zod';
import { ResponseCache, responseCache, type CachedAnswer } from './responseCache';
import { HttpError } from './httpError';
import { UnknownAreaError } from '../services/areas';
import { assertDeclared, checkResponses, declaredResponse } from './responseContract';
import { objectShape } from './queryShape';
import { JobCancelledError } from '../workers/errors';

/**
 * One endpoint: its query (and body) schema, one handler, and the metadata the OpenAPI document
 * is built from. Routes stay thin: validate, call a service, send one shape.
 */
export interface RouteSpec<Q extends z.ZodType, B extends z.ZodType | undefined = undefined> {
  method: 'get' | 'post';
  path: string;
  summary: string;
  query: Q;
  body?: B;
  /** Returns the JSON body, or sends the response itself and returns undefined. */
  handler: (
    query: z.output<Q>,
    ctx: { req: Request; res: Response; body: B extends z.ZodType ? z.output<B> : undefined; signal: AbortSignal },
  ) => unknown | Promise<unknown>;
  /**
   * When set, the JSON answer depends only on the query, the body and the store's contents, and
   * this returns the contents' version: answers are kept in the response cache under it and
   * shared by identical requests in flight.
   */
  cacheVersion?: () => string;
}

export { HttpError } from './httpError';

/** The first validation problem, naming the parameter: "to: must be a month written YYYY-MM". */
export function describeZodError(error: z.ZodError, where: 'query' | 'body'): string {
  const issue = error.issues[0];
  const name = issue.path.length ? issue.path.join('.') : where;
  return `${name}: ${issue.message}`;
}

/**
 * Numbers arrive as text, and zod's coercion reads '' as 0 and '0x10', '1e1' or '+9' as numbers:
 * a link with `asbWeight=` would silently weigh ASB at zero. So raw values are checked first: an
 * empty value, or a number written in any form but plain decimals, is refused naming the parameter.
 */
const NON_DECIMAL_NUMBER = /^\s*(?:[+-]?0[xob][0-9a-f]+|[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+|\+\S*|[+-]?(?:infinity|nan))\s*$/i;

export function checkRawValues(values: Record<string, unknown> | undefined, where: 'query' | 'body'): void {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return;
  for (const [name, v] of Object.entries(values)) {
    // `a=1&a=2` arrives as a list: which one was meant cannot be told, so neither is used.
    if (where === 'query' && Array.isArray(v)) throw new HttpError(400, `${name}: is given ${v.length} times; give it once`);
    if (typeof v !== 'string') continue;
    if (v.trim() === '' && where === 'query')
      throw new HttpError(400, `${name}: is empty; give a value or leave the parameter out to use its default`);
    // In a URL a '+' is a space, so '+9' arrives as ' 9': say so rather than read it as 9.
    if (where === 'query' && v !== v.trim())
      throw new HttpError(400, `${name}: has a space (or a '+') before or after it (got ${JSON.stringify(v.slice(0, 40))})`);
    if (NON_DECIMAL_NUMBER.test(v))
      throw new HttpError(400, `${name}: write numbers as plain decimals such as 10 or 0.05 (got ${JSON.stringify(v.slice(0, 40))})`);
  }
}

/**
 * A misspelt parameter (`permutaions=999`) would otherwise be dropped and the default answered as
 * if it had been asked for: refuse it, naming it and what the endpoint does accept.
 */
export function checkKnownParameters(values: unknown, accepted: readonly string[], where: string): void {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return;
  const unknown = Object.keys(values).filter((name) => !accepted.includes(name));
  if (!unknown.length) return;
  const shown = unknown[0].length > 40 ? `${unknown[0].slice(0, 40)}…` : unknown[0];
  const list = accepted.length ? `it accepts ${accepted.join(', ')}` : 'it takes none';
  throw new HttpError(400, `${shown}: is not a parameter of ${where}; ${list}`);
}

/** A 500's body: a generic sentence and an id; the detail goes to the log, never to the client. */
export function internalError(err: unknown, req: Request): { error: string; requestId: string } {
  const requestId = randomUUID().slice(0, 8);
  console.error(
    JSON.stringify({
      level: 'error',
      requestId,
      method: req.method,
      path: req.path,
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    }),
  );
  return { error: `The server could not answer this request. If it happens again, report request id ${requestId}.`, requestId };
}

export function mount<Q extends z.ZodType, B extends z.ZodType | undefined>(router: Router, spec: RouteSpec<Q, B>): void {
  const accepted = Object.keys(objectShape(spec.query));
  const acceptedInBody = spec.body ? Object.keys(objectShape(spec.body)) : [];
  const declared = declaredResponse(spec);
  const checking = declared !== undefined && checkResponses();
  router[spec.method](spec.path, async (req, res) => {
    // A client that goes away stops the heavy work it asked for (see workers/pool.ts).
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    try {
      checkKnownParameters(req.query, accepted, spec.path);
      if (spec.body) checkKnownParameters(req.body, acceptedInBody, `the ${spec.path} body`);
      checkRawValues(req.query as Record<string, unknown>, 'query');
      if (spec.body) checkRawValues(req.body as Record<string, unknown>, 'body');
      const query = spec.query.safeParse(req.query);
      if (!query.success) throw new HttpError(400, describeZodError(query.error, 'query'));
      let body: unknown = undefined;
      if (spec.body) {
        const parsed = spec.body.safeParse(req.body);
        if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error, 'body'));
        body = parsed.data;
      }
      // Exports are files with their own headers; only JSON answers are kept.
      const format = (query.data as { format?: unknown } | null)?.format;
      const run = async () => {
        const value = await spec.handler(query.data, { req, res, body: body as never, signal: gone.signal });
        // In the test suite every JSON answer is held to its declared schema, so drift fails CI.
        if (checking && value !== undefined && !res.headersSent && (format === undefined || format === 'json'))
          assertDeclared(spec, declared, value);
        return value;
      };
      if (spec.cacheVersion && (format === undefined || format === 'json')) {
        // The path as requested, not its pattern: /api/wards/:code/summary is one answer per ward.
        const key = ResponseCache.key({ method: spec.method, path: req.path, query: query.data, body, version: spec.cacheVersion() });
        const answer = await responseCache.answer(key, async () => {
          const value = await run();
          return res.headersSent ? undefined : value;
        });
        if (answer) sendCached(req, res, answer);
        else if (!res.headersSent) {
          // The shared computation answered its own request some other way (an export): run ours.
          const result = await run();
          if (result !== undefined && !res.headersSent) res.json(result);
        }
        return;
      }
      const result = await run();
      if (result !== undefined && !res.headersSent) res.json(result);
    } catch (err) {
      if (err instanceof JobCancelledError || gone.signal.aborted) return;
      if (err instanceof HttpError) {
        if (!res.headersSent) res.status(err.status).set(err.headers).json({ error: err.message });
        return;
      }
      if (err instanceof UnknownAreaError) {
        if (!res.headersSent) res.status(404).json({ error: `area: ${err.message}; GET /api/meta lists the areas` });
        return;
      }
      if (!res.headersSent) res.status(500).json(internalError(err, req));
    }
  });
}

/** A stored answer: 304 when the browser holds it, else its gzip when accepted, else the bytes. */
function sendCached(req: Request, res: Response, answer: CachedAnswer): void {
  if (res.headersSent) return;
  res.setHeader('ETag', answer.etag);
  // Appended, not set: CORS may already vary the answer by Origin.
  res.vary('Accept-Encoding');
  res.setHeader('Cache-Control', 'no-cache');
  if (req.headers['if-none-match'] === answer.etag) {
    res.status(304).end();
    return;
  }
  res.type('application/json');
  // Content-Length set here: the compression middleware's res.end would otherwise send it chunked.
  if (answer.gzip && req.acceptsEncodings('gzip', 'identity') === 'gzip') {
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', answer.gzip.length);
    res.end(answer.gzip);
  } else {
    res.setHeader('Content-Length', answer.body.length);
    res.end(answer.body);
  }
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType | undefined>;

/** Types one route's handler from its schemas, then erases them so routes can share a list. */
export function defineRoute<Q extends z.ZodType, B extends z.ZodType | undefined = undefined>(spec: RouteSpec<Q, B>): AnyRoute {
  return spec as unknown as AnyRoute;
}
