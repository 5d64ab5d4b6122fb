import type { RequestHandler } from 'express';
import { parseOrigins } from './securityHeaders';

const ALLOW_METHODS = 'GET, HEAD, POST';
// What the client sends: JSON bodies, and revalidation of cached answers.
const ALLOW_HEADERS = 'Content-Type, Accept, If-None-Match';
// What an allowed page may read: revalidation, export file names, when to retry a busy server.
const EXPOSE_HEADERS = 'ETag, Content-Disposition, Retry-After';
const MAX_AGE_S = 600;

/** ATLAS_CORS_ORIGINS: comma-separated exact origins allowed to call the API from their pages. */
export function corsOriginsFromEnv(value = process.env.ATLAS_CORS_ORIGINS): string[] {
  return parseOrigins(value, 'ATLAS_CORS_ORIGINS');
}

/**
 * Same origin only unless origins are listed. A listed origin gets Access-Control-Allow-Origin
 * naming it (never `*`, never echoing an unlisted one) and its preflights answered; any other
 * preflight is refused with 403 and no CORS headers, so the browser stops before the request.
 * Simple cross-origin requests still run (the browser already sent them) but their answers stay
 * unreadable to the other page. Vary: Origin whenever the answer can depend on it, so a shared
 * cache never hands one origin's answer to another.
 */
export function cors(origins: string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && origin !== undefined && req.headers['access-control-request-method'] !== undefined;
    if (allowed.size > 0) res.vary('Origin');
    const ok = origin !== undefined && allowed.has(origin);
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    if (!preflight) return next();
    if (!ok) {
      res.status(403).json({
        error: `origin ${JSON.stringify(origin)} may not call this API from another site; list it in ATLAS_CORS_ORIGINS to allow it`,
      });
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', ALLOW_METHODS);
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', String(MAX_AGE_S));
    res.status(204).end();
  };
}
