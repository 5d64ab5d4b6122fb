import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';

/** The basemap style, its TileJSON, tiles, glyphs and sprites all come from this one host (client/src/map/basemap.ts). */
export const DEFAULT_BASEMAP_ORIGINS = ['https://tiles.openfreemap.org'];

export const CSP_REPORT_PATH = '/api/csp-report';

type Directives = Record<string, string[]>;

/**
 * The app's policy. Everything is same-origin except the basemap host, which only needs
 * connect-src: MapLibre fetches the style, tiles, glyphs and sprites (from its same-origin module
 * worker, which carries this same header). No inline or eval script: the vite build has none, and
 * luma.gl compiles shaders through WebGL, not eval. img-src data: is the favicon and MapLibre's
 * control icons in its CSS; blob: is MapLibre's image decode fallback.
 */
export function appDirectives(basemapOrigins: string[] = DEFAULT_BASEMAP_ORIGINS): Directives {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...basemapOrigins],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * The printable pack renders its own HTML: one inline <style> block and style attributes (swatch
 * colours), an inline SVG map, no script and nothing fetched. So: nothing at all but inline styles.
 */
export function reportDirectives(): Directives {
  return {
    'default-src': ["'none'"],
    'style-src': ["'unsafe-inline'"],
    'img-src': ['data:'],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * The PDF: the browser's own viewer embeds the response in a plugin document, which object-src
 * 'none' would block; 'self' lets exactly this document be shown.
 */
export function pdfDirectives(): Directives {
  return {
    'default-src': ["'none'"],
    'object-src': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

export function serializeCsp(d: Directives): string {
  return Object.entries(d)
    .map(([k, v]) => `${k} ${v.join(' ')}`)
    .join('; ');
}

/** Comma-separated origins added to connect-src for a `?basemap=<style URL>` hosted elsewhere. */
export function basemapOriginsFromEnv(value = process.env.ATLAS_BASEMAP_ORIGINS): string[] {
  const extra = parseOrigins(value, 'ATLAS_BASEMAP_ORIGINS');
  return [...new Set([...DEFAULT_BASEMAP_ORIGINS, ...extra])];
}

/** Exact origins (scheme://host[:port]) from a comma-separated setting; anything else stops the start. */
export function parseOrigins(value: string | undefined, setting: string): string[] {
  const out: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const s = raw.trim();
    if (!s) continue;
    let origin = '';
    try {
      origin = new URL(s).origin;
    } catch {
      // reported below
    }
    if (origin === 'null' || origin !== s.replace(/\/$/, '')) {
      throw new Error(
        `${setting}: ${JSON.stringify(s)} is not an exact origin; write each as scheme://host[:port], e.g. https://atlas.example.org (no wildcards, no path)`,
      );
    }
    out.push(origin);
  }
  return out;
}

export interface SecurityOptions {
  basemapOrigins?: string[];
  /** When set, every policy reports to POST /api/csp-report and each report is handed here (tests). */
  onCspReport?: (report: unknown) => void;
}

function withReport(d: Directives, on: boolean): Directives {
  return on ? { ...d, 'report-uri': [CSP_REPORT_PATH] } : d;
}

/**
 * Helmet with the app's policy on every response, the report's own policy on /api/report, and,
 * when asked, the endpoint that receives violation reports.
 */
export function securityHeaders(o: SecurityOptions = {}): Router {
  const reporting = o.onCspReport !== undefined;
  const router = Router();
  router.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: withReport(appDirectives(o.basemapOrigins ?? basemapOriginsFromEnv()), reporting),
      },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Ignored over plain HTTP; behind HTTPS it keeps browsers there. Not includeSubDomains: the
      // atlas does not speak for its parent domain's other hosts.
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
    }),
  );
  const reportHtml = serializeCsp(withReport(reportDirectives(), reporting));
  const reportPdf = serializeCsp(withReport(pdfDirectives(), reporting));
  const reportPolicy: RequestHandler = (req, res, next) => {
    res.setHeader('Content-Security-Policy', req.query.format === 'html' ? reportHtml : reportPdf);
    next();
  };
  router.get('/api/report', reportPolicy);
  if (reporting) {
    const onReport = o.onCspReport!;
    router.post(
      CSP_REPORT_PATH,
      express.json({ type: ['application/csp-report', 'application/reports+json', 'application/json'], limit: '64kb' }),
      (req, res) => {
        onReport(req.body);
        res.status(204).end();
      },
    );
  }
  return router;
}
