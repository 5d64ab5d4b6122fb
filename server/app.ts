import express, { Router } from 'express';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Store } from './db/openStore';
import { mount, type AnyRoute } from './http/route';
import { openApiDocument } from './http/openapi';
import { coreRoutes } from './routes/core';
import { analyticsRoutes } from './routes/analytics';
import { operationsRoutes } from './routes/operations';
import { reportRoutes } from './routes/report';

export interface AppOptions {
  /** The built client (vite build output); served at / when present. */
  clientDir?: string;
}

/** Every API route, in the order the OpenAPI document lists them. */
export function apiRoutes(db: Store): AnyRoute[] {
  return [...coreRoutes(db), ...analyticsRoutes(db), ...operationsRoutes(db), ...reportRoutes(db)];
}

export function createApp(db: Store, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(express.json({ limit: '5mb' }));
  const router = Router();
  const routes = apiRoutes(db);
  for (const route of routes) mount(router, route);
  const document = openApiDocument(routes, '0.1.0');
  router.get('/api/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use('/api', (req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}` });
  });
  app.use(router);
  const clientDir = resolve(options.clientDir ?? 'client/dist');
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(resolve(clientDir, 'index.html')));
  }
  return app;
}
