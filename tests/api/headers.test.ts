/**
 * Headers and transport over a real HTTP server on the real store: security headers and the CSP
 * on every kind of answer, compression (and the pre-gzipped cached answers left alone), asset
 * caching, and CORS closed by default and open only to listed origins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createApp, type AppOptions } from '../../server/app';
import { openStore, type Store } from '../../server/db/openStore';
import { parseOrigins } from '../../server/http/securityHeaders';
import { realStore } from '../setup/realStore';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Raw HTTP, so the test chooses Accept-Encoding and sees the bytes as sent (fetch decodes them). */
function send(base: string, path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((ok, fail) => {
    const req = httpRequest(base + path, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end(o.body);
  });
}

function csp(headers: IncomingHttpHeaders): Map<string, string[]> {
  const text = String(headers['content-security-policy'] ?? '');
  return new Map(
    text
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name, values] as [string, string[]];
      }),
  );
}

function vary(headers: IncomingHttpHeaders): string[] {
  return String(headers.vary ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}

const ASSET = 'app-Ab12Cd34.js';
// Over the 1 kB threshold and compressible, as a vite chunk is.
const ASSET_TEXT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{id:${i},name:"ward ${i}"}`).join(',')}];\n`;
const INDEX =
  '<!doctype html><html><head><title>atlas</title><script type="module" src="/assets/app-Ab12Cd34.js"></script></head><body></body></html>';

let db: Store;
let clientDir: string;
const servers: Server[] = [];
let plain: string; // defaults: no CORS origins, no CSP reports
let open: string; // one allowed origin, CSP reports collected
const reports: unknown[] = [];

async function listen(options: AppOptions): Promise<string> {
  const app = createApp(db, { clientDir, ...options });
  const server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  clientDir = mkdtempSync(join(tmpdir(), 'atlas-dist-'));
  mkdirSync(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), INDEX);
  writeFileSync(join(clientDir, 'assets', ASSET), ASSET_TEXT);
  db = openStore(realStore());
  plain = await listen({ corsOrigins: [] });
  open = await listen({ corsOrigins: ['https://partner.example.org', 'http://localhost:5173'], onCspReport: (r) => reports.push(r) });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  db?.close();
  rmSync(clientDir, { recursive: true, force: true });
});

const REPORT = '/api/report?format=html&from=2025-09&to=2025-11';
let reportAnswer: Promise<Answer> | undefined;
// The pack takes seconds to build: fetched once for the tests that read it.
const report = () => (reportAnswer ??= send(plain, REPORT));

describe('security headers', () => {
  const paths = ['/', '/api/meta', `/assets/${ASSET}`, REPORT];

  it.each(paths)(
    '%s carries nosniff, frame denial, referrer policy, a CSP and no x-powered-by',
    async (path) => {
      const r = path === REPORT ? await report() : await send(plain, path);
      expect(r.status).toBe(200);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-powered-by']).toBeUndefined();
      const policy = csp(r.headers);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      // Nothing anywhere may run inline or evaluated script.
      expect(String(r.headers['content-security-policy'])).not.toMatch(/unsafe-eval|\*/);
      expect(policy.get('script-src') ?? policy.get('default-src')).not.toContain("'unsafe-inline'");
    },
    120_000,
  );

  it('the app policy allows its own origin and only the basemap host beyond it', async () => {
    const policy = csp((await send(plain, '/')).headers);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('worker-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://tiles.openfreemap.org']);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    expect(policy.has('report-uri')).toBe(false);
  });

  it('the report HTML gets its own policy: inline styles, no script, nothing fetched', async () => {
    const r = await report();
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    const policy = csp(r.headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('style-src')).toEqual(["'unsafe-inline'"]);
    expect(policy.has('script-src')).toBe(false);
    expect(policy.has('connect-src')).toBe(false);
    expect(r.body.toString()).toContain('<style>');
  }, 120_000);

  it('the PDF route gets the PDF policy (object-src self for the viewer), not the app one', async () => {
    const r = await send(plain, '/api/report?from=2025-11&to=2025-09');
    expect(r.status).toBe(400);
    const policy = csp(r.headers);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'self'"]);
  });

  it('with reporting on, every policy names the report endpoint and reports reach the callback', async () => {
    expect(csp((await send(open, '/')).headers).get('report-uri')).toEqual(['/api/csp-report']);
    expect(csp((await send(open, '/api/report?from=2025-11&to=2025-09')).headers).get('report-uri')).toEqual(['/api/csp-report']);
    const report = { 'csp-report': { 'document-uri': `${open}/`, 'violated-directive': 'script-src-elem', 'blocked-uri': 'inline' } };
    const r = await send(open, '/api/csp-report', {
      method: 'POST',
      headers: { 'content-type': 'application/csp-report' },
      body: JSON.stringify(report),
    });
    expect(r.status).toBe(204);
    expect(reports).toEqual([report]);
    // Off by default: no endpoint at all.
    expect(
      (await send(plain, '/api/csp-report', { method: 'POST', headers: { 'content-type': 'application/csp-report' }, body: '{}' })).status,
    ).toBe(404);
  });
});

describe('compression', () => {
  it('a big GeoJSON export is gzipped when asked, and decodes to the same document', async () => {
    const path = '/api/hotspots?format=geojson&from=2025-09&to=2025-11';
    const raw = await send(plain, path, { headers: { 'accept-encoding': 'identity' } });
    const zipped = await send(plain, path, { headers: { 'accept-encoding': 'gzip' } });
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(vary(zipped.headers)).toContain('accept-encoding');
    expect(zipped.body.length).toBeLessThan(raw.body.length / 3);
    expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual(JSON.parse(raw.body.toString()));
  }, 60_000);

  it('a big uncached JSON (the OpenAPI document) and a CSV export are compressed too', async () => {
    const doc = await send(plain, '/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(doc.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(doc.body).toString()).openapi).toMatch(/^3\./);
    const csv = await send(plain, '/api/hotspots?format=csv&from=2025-09&to=2025-11', { headers: { 'accept-encoding': 'gzip' } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(csv.body).toString().split('\n')[0]).toMatch(/h3/);
  }, 60_000);

  it('a cached answer, already gzipped by the route, is sent as stored: gzipped once, with its length', async () => {
    const path = '/api/hotspots?from=2025-09&to=2025-11';
    const raw = await send(plain, path, { headers: { 'accept-encoding': 'identity' } });
    const zipped = await send(plain, path, { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(Number(raw.headers['content-length'])).toBe(raw.body.length);
    // One gunzip gives the JSON: compression did not wrap the stored gzip in another.
    expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual(JSON.parse(raw.body.toString()));
    expect(zipped.headers.etag).toBe(raw.headers.etag);
  }, 60_000);

  it('small answers go uncompressed', async () => {
    const r = await send(plain, '/api/no-such-thing', { headers: { 'accept-encoding': 'gzip' } });
    expect(r.status).toBe(404);
    expect(r.body.length).toBeLessThan(1024);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(r.body.toString()).error).toMatch(/no such endpoint/);
  });

  it('a hashed asset is compressed and decodes to the file', async () => {
    const r = await send(plain, `/assets/${ASSET}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.body).toString()).toBe(ASSET_TEXT);
  });
});

describe('caching of the client', () => {
  it('hashed assets are immutable for a year', async () => {
    const r = await send(plain, `/assets/${ASSET}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each(['/', '/index.html', '/some/client/route'])('%s (index.html) is revalidated every time', async (path) => {
    const r = await send(plain, path);
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe(INDEX);
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('a missing asset is a 404, not index.html served as script', async () => {
    const r = await send(plain, '/assets/app-gone1234.js');
    expect(r.status).toBe(404);
    expect(r.body.toString()).not.toContain('<html');
  });
});

describe('CORS', () => {
  it('closed by default: no Access-Control-Allow-Origin for another origin, preflight refused', async () => {
    const get = await send(plain, '/api/meta', { headers: { origin: 'https://partner.example.org' } });
    expect(get.status).toBe(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await send(plain, '/api/cctv/siting', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://partner.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(pre.status).toBe(403);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-methods']).toBeUndefined();
    expect(JSON.parse(pre.body.toString()).error).toMatch(/ATLAS_CORS_ORIGINS/);
  });

  it('a listed origin gets itself back, with Vary: Origin, on plain and cached answers', async () => {
    const get = await send(open, '/api/meta', { headers: { origin: 'https://partner.example.org', 'accept-encoding': 'gzip' } });
    expect(get.headers['access-control-allow-origin']).toBe('https://partner.example.org');
    expect(get.headers['access-control-expose-headers']).toMatch(/ETag/);
    expect(get.headers['access-control-allow-credentials']).toBeUndefined();
    // The cached route adds Accept-Encoding without dropping Origin.
    expect(vary(get.headers)).toEqual(expect.arrayContaining(['origin', 'accept-encoding']));
    const other = await send(open, '/api/meta', { headers: { origin: 'http://localhost:5173' } });
    expect(other.headers['access-control-allow-origin']).toBe('http://localhost:5173');
  });

  it('an unlisted origin gets no ACAO even when others are listed, and the answer still varies by Origin', async () => {
    for (const origin of ['https://evil.example.org', 'https://partner.example.org.evil.example', 'null']) {
      const r = await send(open, '/api/meta', { headers: { origin } });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      expect(vary(r.headers)).toContain('origin');
    }
  });

  it('preflight: 204 with methods and headers for a listed origin, 403 for any other', async () => {
    const headers = { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' };
    const ok = await send(open, '/api/cctv/siting', { method: 'OPTIONS', headers: { origin: 'https://partner.example.org', ...headers } });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://partner.example.org');
    expect(ok.headers['access-control-allow-methods']).toBe('GET, HEAD, POST');
    expect(ok.headers['access-control-allow-headers']).toMatch(/Content-Type/);
    expect(ok.headers['access-control-max-age']).toBe('600');
    const no = await send(open, '/api/cctv/siting', { method: 'OPTIONS', headers: { origin: 'https://evil.example.org', ...headers } });
    expect(no.status).toBe(403);
    expect(no.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('the setting takes exact origins only', () => {
    expect(parseOrigins(' https://a.example.org , http://localhost:5173/ ', 'ATLAS_CORS_ORIGINS')).toEqual([
      'https://a.example.org',
      'http://localhost:5173',
    ]);
    expect(parseOrigins('', 'ATLAS_CORS_ORIGINS')).toEqual([]);
    expect(() => parseOrigins('*', 'ATLAS_CORS_ORIGINS')).toThrow(/ATLAS_CORS_ORIGINS: "\*" is not an exact origin/);
    expect(() => parseOrigins('https://a.example.org/app', 'ATLAS_CORS_ORIGINS')).toThrow(/not an exact origin/);
    expect(() => parseOrigins('a.example.org', 'ATLAS_CORS_ORIGINS')).toThrow(/not an exact origin/);
  });
});
