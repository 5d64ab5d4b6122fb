import express, { Router } from 'express';
import { basename, resolve, sep } from 'node:path';

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The built client. Vite names everything under assets/ by content hash, so those never change
 * under their name: cached for a year. Everything else (index.html, which names the current
 * hashes) is revalidated on every load, so a new build is picked up at once. Any other path that
 * is not the API gets index.html (client-side routes); a missing asset is a 404, not index.html
 * served as script.
 */
export function staticAssets(clientDir: string): Router {
  const dir = resolve(clientDir);
  const assetsDir = resolve(dir, 'assets') + sep;
  const router = Router();
  router.use(
    express.static(dir, {
      index: 'index.html',
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', path.startsWith(assetsDir) ? IMMUTABLE : 'no-cache');
      },
    }),
  );
  router.use('/assets', (req, res) => {
    res
      .status(404)
      .type('text/plain')
      .send(`no such asset: ${basename(req.path)}`);
  });
  router.get(/^\/(?!api\/).*/, (_req, res) => {
    res.sendFile(resolve(dir, 'index.html'), { headers: { 'Cache-Control': 'no-cache' } });
  });
  return router;
}
