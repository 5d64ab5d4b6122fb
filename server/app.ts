import express, { Router, type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Store } from './db/openStore';
import { internalError, mount, type AnyRoute } from './http/route';
import { openApiDocument } from './http/openapi';
import { renderApiDocs } from './http/apiDocs';
import { reportDirectives, securityHeaders, serializeCsp } from './http/securityHeaders';
import { cors, corsOriginsFromEnv } from './http/cors';
import { staticAssets } from './http/staticAssets';
import { coreRoutes } from './routes/core';
import { analyticsRoutes } from './routes/analytics';
import { operationsRoutes } from './routes/operations';
import { reportRoutes } from './routes/report';

export interface AppOptions {
  /** The built client (vite build output); served at / when present. */
  clientDir?: string;
  /** Origins allowed to call the API from their pages; default ATLAS_CORS_ORIGINS. */
  corsOrigins?: string[];
  /** Extra hosts the basemap may load from; default ATLAS_BASEMAP_ORIGINS plus OpenFreeMap. */
  basemapOrigins?: string[];
  /** When set, browsers report CSP violations to POST /api/csp-report and each is handed here. */
  onCspReport?: (report: unknown) => void;
}

/** Every API route, in the order the OpenAPI document lists them. */
export function apiRoutes(db: Store): AnyRoute[] {
  return [...coreRoutes(db), ...analyticsRoutes(db), ...operationsRoutes(db), ...reportRoutes(db)];
}

const BODY_LIMIT = '5mb';
// Below this a compressed answer saves less than the encoding costs.
const COMPRESS_MIN_BYTES = 1024;

/**
 * Errors raised before a route runs (body-parser: bad JSON, too large, unknown charset) as JSON
 * that names the body and the fix; anything else as a generic 500. Never Express's HTML page,
 * which carries the stack trace and the server's paths.
 */
function bodyErrors(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const e = err as { type?: string; status?: number; charset?: string; encoding?: string };
  if (e.type === 'entity.parse.failed')
    res.status(400).json({ error: 'body: is not valid JSON; send a JSON object with content-type application/json' });
  else if (e.type === 'entity.too.large')
    res.status(413).json({ error: `body: is larger than the ${BODY_LIMIT.toUpperCase()} limit; send fewer or simpler points` });
  else if (e.type === 'charset.unsupported')
    res.status(415).json({ error: `body: charset ${JSON.stringify(e.charset ?? '')} is not supported; send UTF-8` });
  else if (e.type === 'encoding.unsupported')
    res.status(415).json({ error: `body: content-encoding ${JSON.stringify(e.encoding ?? '')} is not supported; send it uncompressed` });
  else if (typeof e.status === 'number' && e.status >= 400 && e.status < 500)
    res.status(e.status).json({ error: 'body: could not be read' });
  else res.status(500).json(internalError(err, req));
}

export function createApp(db: Store, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders({ basemapOrigins: options.basemapOrigins, onCspReport: options.onCspReport }));
  app.use(cors(options.corsOrigins ?? corsOriginsFromEnv()));
  // Leaves alone the cached answers route.ts sends already gzipped (they carry Content-Encoding).
  app.use(compression({ threshold: COMPRESS_MIN_BYTES }));
  app.use(express.json({ limit: BODY_LIMIT }));
  const router = Router();
  const routes = apiRoutes(db);
  for (const route of routes) mount(router, route);
  const document = openApiDocument(routes, '0.1.0');
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  // The reference page is script-free HTML with one inline stylesheet: the report's policy fits it.
  const docsPage = renderApiDocs(document);
  const docsPolicy = serializeCsp(reportDirectives());
  router.get('/api/docs', (_req, res) => {
    res.setHeader('Content-Security-Policy', docsPolicy);
    res.type('html').send(docsPage);
  });
  router.use('/api', (req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}` });
  });
  app.use(router);
  const clientDir = resolve(options.clientDir ?? 'client/dist');
  if (existsSync(clientDir)) app.use(staticAssets(clientDir));
  app.use(bodyErrors);
  return app;
}
